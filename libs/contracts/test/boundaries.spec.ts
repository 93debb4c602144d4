import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';

const SRC = join(__dirname, '..', 'src');
const ROOT = join(__dirname, '..', '..', '..');

/**
 * Every app imports the contracts, so they lean on zod alone: none of our libs, no Nest, no ORM.
 * The AsyncAPI generator may also use yaml; it is kept out of index.ts (see the last test).
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = { 'asyncapi.ts': ['yaml'] };
const ALWAYS_ALLOWED = ['zod'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

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

function isAllowed(specifier: string, file: string): boolean {
  if (isRelative(specifier) || isBuiltin(specifier)) return true;
  return [...ALWAYS_ALLOWED, ...(ALLOWED[relative(SRC, file)] ?? [])].includes(packageOf(specifier));
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

describe('contracts boundaries', () => {
  it('should import only zod, node builtins and relative paths when a file under src imports anything', () => {
    const violations = sourceFiles(SRC).flatMap((file) =>
      specifiersOf(readFileSync(file, 'utf8'))
        .filter((specifier) => !isAllowed(specifier, file))
        .map((specifier) => `${relative(SRC, file)} imports ${specifier}`),
    );
    expect(violations).toEqual([]);
  });

  it('should stay inside libs/contracts/src when a file imports a relative path', () => {
    const violations = sourceFiles(SRC).flatMap((file) =>
      specifiersOf(readFileSync(file, 'utf8'))
        .filter((specifier) => isRelative(specifier) && relative(SRC, join(dirname(file), specifier)).startsWith('..'))
        .map((specifier) => `${relative(SRC, file)} imports ${specifier}`),
    );
    expect(violations).toEqual([]);
  });

  it('should load only production dependencies when an app imports @tandem/contracts', () => {
    const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const missingInImage = [...packagesReachedFrom(join(SRC, 'index.ts'))].filter((name) => !(name in dependencies));
    expect(missingInImage).toEqual([]);
  });

  it.each([
    ["import { Injectable } from '@nestjs/common';", '@nestjs/common'],
    ["export * from '@tandem/messaging';", '@tandem/messaging'],
    ["const orm = require('@mikro-orm/core');", '@mikro-orm/core'],
    ["import '@mikro-orm/postgresql';", '@mikro-orm/postgresql'],
    ["const nats = await import('@nats-io/transport-node');", '@nats-io/transport-node'],
    ["import { stringify } from 'yaml';", 'yaml'],
    ["// not from 'zod'\nimport x from 'yaml';", 'yaml'],
  ])('should catch a forbidden import when a file contains %j', (source, specifier) => {
    expect(specifiersOf(source)).toEqual([specifier]);
    expect(isAllowed(specifier, join(SRC, 'envelope.ts'))).toBe(false);
  });
});
