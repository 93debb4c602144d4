// Module boundaries from project tags (the `nx.tags` of each project's package.json), checked on
// every import, export-from, dynamic import and require, in source and test code alike:
//   tandem/boundaries: which projects a project may import (by tag), and which packages it may not
//   (or, for contracts, the only packages it may). A relative import that leaves its project is
//   an error too: cross-project imports go through `@tandem/<name>`.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Every workspace project: its root (apps/gateway), package name, short name and tags. */
export function readProjects() {
  const projects = [];
  for (const group of ['apps', 'libs', 'tests']) {
    if (!existsSync(join(ROOT, group))) continue;
    for (const name of readdirSync(join(ROOT, group))) {
      const manifest = join(ROOT, group, name, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      projects.push({ root: `${group}/${name}`, packageName: pkg.name, tags: pkg.nx?.tags ?? [] });
    }
  }
  return projects;
}

/**
 * What each tag may depend on. `dependOn`: tags of projects it may import; `testsMayAlsoDependOn`:
 * extra tags for its test code (test/ folders and *.spec.ts); `bannedPackages` / `onlyPackages`:
 * npm packages (prefixes ending in / match a scope).
 */
export const CONSTRAINTS = {
  // Apps never import apps, in source or tests.
  'type:app': { dependOn: ['type:lib', 'type:infra', 'type:kernel', 'type:contracts'], testsMayAlsoDependOn: ['type:testing'] },
  'type:lib': { dependOn: ['type:infra', 'type:kernel', 'type:contracts'], testsMayAlsoDependOn: ['type:testing'] },
  // Infrastructure libraries depend on contracts (and the config kernel) at most.
  'type:infra': { dependOn: ['type:kernel', 'type:contracts'], testsMayAlsoDependOn: ['type:testing', 'type:infra'] },
  'type:kernel': { dependOn: [], testsMayAlsoDependOn: ['type:testing'] },
  // Contracts import nothing of ours and no package but zod (the AsyncAPI generator also uses yaml).
  'type:contracts': { dependOn: [], onlyPackages: ['zod'], onlyPackagesIn: { 'src/asyncapi.ts': ['zod', 'yaml'] }, testsMayAlsoDependOn: ['type:testing'], testsMayUseAnyPackage: true },
  'type:testing': { dependOn: ['type:lib', 'type:infra', 'type:kernel', 'type:contracts'] },
  // Whole-system tests start apps as processes from their build; they import no app.
  'type:system-tests': { dependOn: ['type:testing', 'type:lib', 'type:infra', 'type:kernel', 'type:contracts'] },
  // Persistence knows no bus; llm knows no tables.
  'scope:persistence': { bannedPackages: ['@nats-io/', '@nestjs/microservices', '@tandem/messaging'] },
  'scope:llm': { bannedPackages: ['@mikro-orm/', 'pg', 'pgvector', '@tandem/persistence'] },
};

const builtins = new Set(builtinModules);
const packageOf = (specifier) => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};
const matches = (name, patterns) => patterns.some((pattern) => (pattern.endsWith('/') ? name.startsWith(pattern) : name === pattern));

function projectOfPath(projects, file) {
  const path = relative(ROOT, file).split(sep).join('/');
  return projects.find((project) => path === project.root || path.startsWith(`${project.root}/`));
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce project boundaries from Nx project tags' },
    schema: [],
  },
  create(context) {
    const projects = readProjects();
    const file = context.filename;
    const from = projectOfPath(projects, file);
    if (!from) return {};
    const inProject = relative(join(ROOT, from.root), file).split(sep).join('/');
    const isTest = inProject.startsWith('test/') || inProject.endsWith('.spec.ts');
    const rules = from.tags.map((tag) => CONSTRAINTS[tag]).filter(Boolean);
    const allowedTags = new Set(rules.flatMap((r) => [...(r.dependOn ?? []), ...(isTest ? (r.testsMayAlsoDependOn ?? []) : [])]));
    const banned = rules.flatMap((r) => r.bannedPackages ?? []);
    const only = rules.find((r) => r.onlyPackages && !(isTest && r.testsMayUseAnyPackage));
    const onlyPackages = only ? (only.onlyPackagesIn?.[inProject] ?? only.onlyPackages) : undefined;

    function check(node, specifier) {
      if (typeof specifier !== 'string' || specifier.startsWith('node:') || builtins.has(specifier)) return;
      let target;
      if (specifier.startsWith('.')) {
        target = projectOfPath(projects, resolve(dirname(file), specifier));
        if (target && target !== from) {
          context.report({ node, message: `${from.root} imports ${target.root} through a relative path (${specifier}); import ${target.packageName} instead, if its tags allow it` });
          return;
        }
        if (target === from || !target) return;
      }
      const name = packageOf(specifier);
      if (matches(name, banned) || matches(specifier, banned)) {
        context.report({ node, message: `${from.root} (${from.tags.join(', ')}) must not import ${specifier}` });
        return;
      }
      target = projects.find((project) => project.packageName === name);
      if (target) {
        if (target === from) return;
        if (!target.tags.some((tag) => allowedTags.has(tag))) {
          context.report({ node, message: `${from.root} (${from.tags.join(', ')}) must not import ${name} (${target.tags.join(', ') || 'untagged'})${isTest ? ' even in tests' : ''}` });
        }
        return;
      }
      if (onlyPackages && !matches(name, onlyPackages)) {
        context.report({ node, message: `${from.root}/${inProject} may import only ${onlyPackages.join(', ')} and node builtins, not ${specifier}` });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0].value);
      },
      TSImportEqualsDeclaration: (node) => node.moduleReference.type === 'TSExternalModuleReference' && check(node, node.moduleReference.expression.value),
    };
  },
};

export default { meta: { name: 'tandem' }, rules: { boundaries: rule } };
