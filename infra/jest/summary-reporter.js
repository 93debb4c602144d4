// Records each Jest run's totals so `npm test` can print one closing line for the whole workspace
// ("tests: N passed, N failed"), however many projects and tiers Nx ran. The file lives under
// tmp/test-summary/<tier>/<project>/ so Nx restores it with a cached `test` result.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..', '..');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const tier = process.env.npm_lifecycle_event?.startsWith('test') ? process.env.npm_lifecycle_event.replace(':', '-') : 'jest';
    const dir = join(process.env.TANDEM_TEST_SUMMARY_DIR ?? join(ROOT, 'tmp', 'test-summary'), tier, relative(ROOT, this.rootDir));
    mkdirSync(dir, { recursive: true });
    const failedSuites = results.numFailedTestSuites + results.numRuntimeErrorTestSuites;
    writeFileSync(
      join(dir, 'summary.json'),
      JSON.stringify({ passed: results.numPassedTests, failed: results.numFailedTests + failedSuites, skipped: results.numPendingTests + results.numTodoTests }),
    );
  }
}

module.exports = SummaryReporter;
