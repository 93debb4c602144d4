// Sums the per-project totals written by summary-reporter.js into one closing line per tier and
// one for the whole run.
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.argv[2];
const keys = ['passed', 'failed', 'skipped'];
const files = (path) => (statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => files(join(path, name))) : path.endsWith('summary.json') ? [path] : []);
const total = { passed: 0, failed: 0, skipped: 0 };
for (const tier of existsSync(dir) ? readdirSync(dir).sort() : []) {
  const sum = { passed: 0, failed: 0, skipped: 0 };
  for (const file of files(join(dir, tier))) {
    const counts = JSON.parse(readFileSync(file, 'utf8'));
    for (const key of keys) sum[key] += counts[key];
  }
  for (const key of keys) total[key] += sum[key];
  console.log(`  ${tier.padEnd(17)} ${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
