import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { quietKnownWarnings } from './scripts/rollup-warnings';

/** Headless mode: a plain Node build of the headless entry and the poller, sharing the core with main. */
export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/headless',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: { index: resolve('electron/headless/index.ts'), poller: resolve('electron/poller/index.ts') },
      output: { format: 'es', entryFileNames: '[name].js' },
      onwarn: quietKnownWarnings,
    },
  },
});
