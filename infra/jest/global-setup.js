// Before any test file: a directory where libs/testing records every process group a test starts
// (one file per group), read back by global-teardown.js. Workers inherit the variable.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async () => {
  process.env.TANDEM_TEST_PROCESSES_DIR = mkdtempSync(join(tmpdir(), 'tandem-test-processes-'));
};
