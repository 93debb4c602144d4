// Sums the per-project totals written by summary-reporter.js into one closing line.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.argv[2];
const total = { passed: 0, failed: 0, skipped: 0 };
for (const file of readdirSync(dir)) {
  const counts = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  for (const key of Object.keys(total)) total[key] += counts[key];
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
