import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';

const SRC = join(__dirname, '..', 'src');
const ROOT = join(__dirname, '..', '..', '..');

/** Module specifiers of `import ... from`, `export ... from`, `import '...'`, `import(...)` and `require(...)`. */
function specifiersOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...code.matchAll(pattern)].map((match) => match[1] ?? '');
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]) ?? specifier;
}

function resolveRelative(from: string, specifier: string): string {
  const base = join(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate)) ?? base;
}

/** The packages loaded, directly or through relative imports, when `entry` is required. */
function packagesReachedFrom(entry: string): Set<string> {
  const [seen, packages, queue] = [new Set<string>(), new Set<string>(), [entry]];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    // `import type` is erased at compile time, so it loads nothing.
    const runtimeSource = readFileSync(file, 'utf8').replace(/^\s*(?:import|export) type [^;]*;/gm, '');
    for (const specifier of specifiersOf(runtimeSource)) {
      if (isRelative(specifier)) queue.push(resolveRelative(file, specifier));
      else if (!isBuiltin(specifier)) packages.add(packageOf(specifier));
    }
  }
  return packages;
}

// What contracts may import is a lint rule (tandem/boundaries from the project tags, eslint.config.mjs).
// This test checks what lint cannot: everything index.ts loads is a production dependency, so an
// app image (installed without devDependencies) can load the contracts.
describe('contracts dependencies', () => {
  it('should load only production dependencies when an app imports @tandem/contracts', () => {
    const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const missingInImage = [...packagesReachedFrom(join(SRC, 'index.ts'))].filter((name) => !(name in dependencies));
    expect(missingInImage).toEqual([]);
  });
});
