// The web app's build: a static bundle in dist/apps/web that the gateway serves on its own origin.
// No React plugin: esbuild (inside Vite) compiles TSX with the automatic JSX runtime, and the app
// has no need of fast refresh. `npm run dev -w @tandem/web` proxies /v1 to a local gateway.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: { outDir: '../../dist/apps/web', emptyOutDir: true, sourcemap: true },
  esbuild: { jsx: 'automatic' },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
