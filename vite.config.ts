import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const serverPort = Number(process.env.PORT ?? 3000);

export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    // Read by the server (server/http/page-preload.ts) to list a page's chunks in its first HTML.
    manifest: true,
  },
  server: {
    proxy: {
      '/api': `http://localhost:${serverPort}`,
      '/socket.io': { target: `http://localhost:${serverPort}`, ws: true },
    },
  },
  test: {
    root: '.',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: ['test/unit/**/*.svelte.test.ts'] } },
      // Tests that follow runes with effects need Svelte's browser runtime: on the server build effects never run.
      { extends: true, test: { name: 'unit-runes', include: ['test/unit/**/*.svelte.test.ts'], environment: './test/support/runes-environment.ts' } },
      // Some integration tests start the compiled server as its own process, as `npm start` does.
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], globalSetup: ['test/support/build-server.ts'] } },
      // Each browser test drives a real Chromium and server; one file at a time keeps a 2-core machine responsive.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, testTimeout: 60_000 } },
    ],
  },
});
