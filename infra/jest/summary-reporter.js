// Records each Jest project's totals so `npm test` can print one closing line for the whole
// workspace ("tests: N passed, N failed"), however many projects Nx ran.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.TANDEM_TEST_SUMMARY_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const name = this.rootDir.replace(/[^a-z0-9]+/gi, '_');
    const failedSuites = results.numFailedTestSuites + results.numRuntimeErrorTestSuites;
    writeFileSync(
      join(dir, `${name}.json`),
      JSON.stringify({ passed: results.numPassedTests, failed: results.numFailedTests + failedSuites, skipped: results.numPendingTests + results.numTodoTests }),
    );
  }
}

module.exports = SummaryReporter;
