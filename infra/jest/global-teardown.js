// After every test file, even those that failed or timed out: kill each process group a test
// started and nobody stopped, and say which, so a run never leaves processes behind.
const { readFileSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');

function alive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

module.exports = async () => {
  const dir = process.env.TANDEM_TEST_PROCESSES_DIR;
  if (!dir) return;
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pgid = Number(entry);
    if (Number.isInteger(pgid) && pgid > 1 && alive(pgid)) {
      console.warn(`global teardown: killing process group ${pgid} left running: ${readFileSync(join(dir, entry), 'utf8').trim()}`);
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // gone in the meantime
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
};
