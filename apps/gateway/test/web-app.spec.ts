import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startGateway, type Gateway } from './support';

/** The web app on the gateway's origin: its files, an SPA fallback, and the API's paths left alone. */
describe('gateway web app', () => {
  let gateway: Gateway;
  const dir = mkdtempSync(join(tmpdir(), 'tandem-web-'));

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Tandem</title><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("tandem")');
    gateway = await startGateway({ WEB_DIST_DIR: dir });
  });
  afterAll(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, accept = 'text/html') => fetch(`${gateway.url}${path}`, { headers: { accept } });

  it("should serve the app's index at / and at any page of the app", async () => {
    for (const path of ['/', '/chat', '/memory/notes']) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('should serve hashed assets for a year', async () => {
    const response = await get('/assets/index-abc123.js', '*/*');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(await response.text()).toContain('tandem');
    expect((await get('/assets/missing-file.js', '*/*')).status).toBe(404);
  });

  it('should leave the API, its documents and health to the gateway', async () => {
    const me = await get('/v1/me');
    expect(me.status).toBe(401);
    expect(me.headers.get('content-type')).toContain('application/problem+json');
    const unknown = await get('/v1/no-such-route');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await get('/docs-json', 'application/json')).headers.get('content-type')).toContain('application/json');
    expect((await get('/health/live', 'application/json')).status).toBe(200);
    expect((await get('/docs')).status).toBe(200);
    expect(await (await get('/docs')).text()).not.toContain('<div id="root">');
  });
});
