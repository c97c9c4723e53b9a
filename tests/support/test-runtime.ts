import type { AppCoreDeps } from '../../electron/core/app-core';

/** What a test's core says it runs as: headless Synthex 0.0.0-test on this Node, with data in `dataDir`. */
export function testRuntime(dataDir: string): AppCoreDeps['runtime'] {
  return {
    mode: 'headless',
    appName: 'Synthex',
    appVersion: '0.0.0-test',
    versions: { node: process.versions.node, electron: null, chrome: null, platform: process.platform },
    dataDir,
    startedAt: new Date(),
  };
}
