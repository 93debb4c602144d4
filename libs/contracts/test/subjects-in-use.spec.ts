import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { parse } from 'yaml';

import * as contracts from '../src';
import { CONTRACTS, SUBJECT_PREFIX } from '../src';
import type { MessageContract } from '../src';

const root = join(__dirname, '..', '..', '..');
const channels = Object.values((parse(readFileSync(join(root, 'docs', 'asyncapi.yaml'), 'utf8')) as { channels: Record<string, { address: string | null }> }).channels).map(
  (channel) => channel.address,
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

const appSources = readdirSync(join(root, 'apps')).flatMap((app) => sourceFiles(join(root, 'apps', app, 'src')));
const libSources = ['messaging', 'service', 'persistence', 'llm'].flatMap((lib) => sourceFiles(join(root, 'libs', lib, 'src')));

/** Every place a service names a message: as a handler, an emit, a request, or a consume call. */
const USES = /(?:@OnMessage|@AnswerQuery|\bemit|\.ask|\.consume|\bserve)\(\s*([A-Z][A-Za-z0-9]*)\s*[,)]/g;

describe('subjects the code uses', () => {
  const uses = appSources.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(USES)].map((match) => ({ file: relative(root, file), name: match[1]! })));

  it('should find the services’ message uses (so the checks below cannot pass on nothing)', () => {
    expect(uses.length).toBeGreaterThan(50);
    expect(new Set(uses.map((use) => use.file.split('/')[1])).size).toBeGreaterThanOrEqual(6);
  });

  it('should only use messages that libs/contracts declares and docs/asyncapi.yaml documents', () => {
    const undeclared = uses.filter(({ name }) => {
      const contract = (contracts as Record<string, unknown>)[name] as MessageContract | undefined;
      return !contract || !CONTRACTS.includes(contract) || !channels.includes(contract.subject);
    });
    expect(undeclared).toEqual([]);
  });

  it('should never spell a message subject as a string', () => {
    const prefixes = Object.values(SUBJECT_PREFIX).join('|');
    const literal = new RegExp(`['"\`](?:${prefixes})\\.[a-z][a-z0-9-]*\\.`, 'g');
    const spelled = [...appSources, ...libSources].flatMap((file) => (readFileSync(file, 'utf8').match(literal) ?? []).map((text) => `${relative(root, file)}: ${text}`));
    expect(spelled).toEqual([]);
  });
});
