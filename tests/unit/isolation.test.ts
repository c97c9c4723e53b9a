import { describe, expect, it } from 'vitest';
import { sharedCacheFiles } from '../support/isolation';

/** Which files may share a worker's module cache (vitest.config.ts): decided from each file's text. */
describe('test isolation', () => {
  const shared = new Set(sharedCacheFiles(process.cwd()));

  it('keeps files that start servers, processes or the simulator, and the kill tests, on their own', () => {
    for (const file of [
      'tests/soak/kill-restart.test.ts',
      'tests/soak/kill-drift.test.ts',
      'tests/sim/__tests__/adl.test.ts',
      'tests/exchange/gateway.integration.test.ts',
      'tests/headless/ws-transport.test.ts',
      'tests/electron/main-composition.test.ts',
    ])
      expect(shared.has(file), file).toBe(false);
  });

  it('lets pure files share: no mocks, timers, environment or servers', () => {
    for (const file of ['tests/unit/contract.test.ts', 'tests/explorer/guard.test.ts'])
      expect(shared.has(file), file).toBe(true);
  });
});
