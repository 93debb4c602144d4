// The last afterAll of every test file: stops whatever process the file started and did not stop
// (libs/testing's spawnTracked records them), so no app outlives the file that started it.
afterAll(async () => {
  const live = globalThis[Symbol.for('tandem.testProcesses')];
  if (!live || live.size === 0) return;
  console.warn(`stopping ${live.size} process group(s) this test file left running`);
  await Promise.all([...live].map((stop) => stop()));
}, 30_000);
