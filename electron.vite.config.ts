import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { quietKnownWarnings } from './scripts/rollup-warnings';

/**
 * Four bundles: main (with the poller's utility-process entry beside it), preload, renderer.
 * Headless mode is built by vite.headless.config.ts from the same sources.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: resolve('electron/main/index.ts'), poller: resolve('electron/poller/index.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron': bundle everything else into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves bundles unminified; the renderer is what a browser tab downloads and parses.
      minify: 'esbuild',
      rollupOptions: { input: resolve('renderer/index.html'), onwarn: quietKnownWarnings },
    },
  },
});
