#!/usr/bin/env node
// How long one app takes from spawn to a ready /health, started from the compiled output
// (`dist`, as tests, `npm start` and the image run it) or from TypeScript through @swc-node
// (`source`, as it was before the build step). Needs a prepared database (npm run bootstrap).
//   node infra/build/measure-start.js [app=identities] [dist|source] [runs=3]
const { spawn } = require('node:child_process');
const { createServer } = require('node:net');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const [app = 'identities', mode = 'dist', runs = '3'] = process.argv.slice(2);

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function once() {
  const port = await freePort();
  const args = mode === 'source' ? ['-r', '@swc-node/register', join('apps', app, 'src', 'main.ts')] : [join('dist', 'apps', app, 'src', 'main.js')];
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return performance.now() - started;
      if (performance.now() - started > 120_000) throw new Error(`${app} not healthy within 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    const exited = new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    await exited;
  }
}

(async () => {
  const times = [];
  for (let i = 0; i < Number(runs); i++) times.push(await once());
  console.log(`${app} from ${mode}: ${times.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')} to a ready /health`);
})().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
