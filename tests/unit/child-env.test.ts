import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { childEnvironment } from '../../electron/core/process/child-env';
import { forkNodeChild } from '../../electron/core/process/node-fork';

const entry = fileURLToPath(new URL('../fixtures/children/reports-env.mjs', import.meta.url));

afterEach(() => {
  delete process.env.SYNTHEX_VAULT_PASSPHRASE;
});

describe('child environments', () => {
  it('leave out the vault passphrase and keep everything else', () => {
    const env = {
      PATH: '/usr/bin',
      SYNTHEX_VAULT_PASSPHRASE: 'a long vault passphrase',
      SYNTHEX_BYBIT_ENV: 'demo',
    };
    expect(childEnvironment(env)).toEqual({ PATH: '/usr/bin', SYNTHEX_BYBIT_ENV: 'demo' });
    expect(env.SYNTHEX_VAULT_PASSPHRASE).toBeDefined(); // a copy: the caller's object is untouched
  });

  it('a forked child does not inherit the passphrase even while it is still in process.env', async () => {
    process.env.SYNTHEX_VAULT_PASSPHRASE = 'a long vault passphrase';
    const child = forkNodeChild(entry, 'env-probe');
    const names = await new Promise<string[]>((resolve) =>
      child.onMessage((message) => resolve((message as { names: string[] }).names)),
    );
    expect(names).toContain('SYNTHEX_CHILD_NAME');
    expect(names).not.toContain('SYNTHEX_VAULT_PASSPHRASE');
  });
});
