#!/usr/bin/env node
// Compiles one project's src/ (the project in the current directory, as `npm run build` runs it)
// to CommonJS under dist/<project>/src with SWC: legacy decorators and their metadata, which Nest
// and MikroORM read at run time, and `@tandem/*` imports rewritten to the compiled libraries
// (dist/libs/<lib>/src), so the output runs with plain `node` and no TypeScript loader.
// Specs are left out. Nx caches the output (the `build` target in nx.json).
const { mkdirSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, sep } = require('node:path');
const { transformFileSync } = require('@swc/core');

const ROOT = join(__dirname, '..', '..');
const project = relative(ROOT, process.cwd());
const sourceDir = join(ROOT, project, 'src');
const outDir = join(ROOT, 'dist', project, 'src');

const { compilerOptions } = require(join(ROOT, 'tsconfig.base.json'));
const paths = Object.fromEntries(Object.entries(compilerOptions.paths).map(([name, [target]]) => [name, [target.replace(/^\.\//, '')]]));

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const started = Date.now();
rmSync(outDir, { recursive: true, force: true });
const files = sourceFiles(sourceDir);
for (const file of files) {
  const out = join(outDir, relative(sourceDir, file)).replace(/\.ts$/, '.js');
  const { code, map } = transformFileSync(file, {
    swcrc: false,
    sourceMaps: true,
    sourceFileName: relative(dirname(out), file).split(sep).join('/'),
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      baseUrl: ROOT,
      paths,
    },
    module: { type: 'commonjs' },
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${code}\n//# sourceMappingURL=${out.slice(dirname(out).length + 1)}.map\n`);
  writeFileSync(`${out}.map`, map);
}
console.log(`compiled ${files.length} files of ${project} to ${relative(ROOT, outDir)} in ${Date.now() - started} ms`);
