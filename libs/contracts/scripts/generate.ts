/**
 * Writes docs/asyncapi.yaml from the contracts; with --snapshot also publishes the compatibility
 * snapshot (libs/contracts/snapshot/contracts.json) that released versions are checked against.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { CONTRACTS, buildSnapshot } from '../src';
import type { ContractsSnapshot } from '../src';
import { generateAsyncApi } from '../src/asyncapi';

const root = join(__dirname, '..', '..', '..');
const asyncApiPath = join(root, 'docs', 'asyncapi.yaml');
const snapshotPath = join(root, 'libs', 'contracts', 'snapshot', 'contracts.json');

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
writeFileSync(asyncApiPath, generateAsyncApi(CONTRACTS, { version }));
console.log(`wrote ${asyncApiPath}`);

if (process.argv.includes('--snapshot')) {
  const previous = existsSync(snapshotPath) ? (JSON.parse(readFileSync(snapshotPath, 'utf8')) as ContractsSnapshot) : {};
  writeFileSync(snapshotPath, `${JSON.stringify(buildSnapshot(CONTRACTS, previous), null, 2)}\n`);
  console.log(`wrote ${snapshotPath}`);
}
