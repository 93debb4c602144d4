import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');
const APPS = readdirSync(join(ROOT, 'apps'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:from|import|require)\s*\(?\s*'([^']+)'/g)].map((match) => match[1]!);
}

/** Where an import lands, as `apps/<name>` or `libs/<name>`, or null for packages. */
function target(file: string, specifier: string): string | null {
  if (specifier.startsWith('@tandem/')) {
    const name = specifier.split('/')[1]!;
    return APPS.includes(name) ? `apps/${name}` : `libs/${name}`;
  }
  if (!specifier.startsWith('.')) return null;
  const parts = relative(ROOT, resolve(file, '..', specifier)).split(sep);
  return `${parts[0]}/${parts[1]}`;
}

describe('project boundaries', () => {
  const projects = ['apps', 'libs'].flatMap((kind) => readdirSync(join(ROOT, kind)).map((name) => `${kind}/${name}`));

  it.each(projects)('should keep %s source within the allowed dependencies', (project) => {
    const violations: string[] = [];
    for (const file of sourceFiles(join(ROOT, project, 'src'))) {
      for (const specifier of imports(file)) {
        const to = target(file, specifier);
        if (!to || to === project) continue;
        // Apps never import apps; libs never import apps.
        if (to.startsWith('apps/')) violations.push(`${relative(ROOT, file)} imports ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('should find imports between projects at all (the check itself works)', () => {
    const gatewayImports = sourceFiles(join(ROOT, 'apps', 'gateway', 'src')).flatMap((file) => imports(file).map((specifier) => target(file, specifier)));
    expect(gatewayImports).toContain('libs/messaging');
  });
});
