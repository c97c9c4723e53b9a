import { describe, expect, it, vi } from 'vitest';
import { SynthexError } from '../../shared/contract';
import { createAppCore } from '../../electron/core/app-core';
import { forkNodeChild } from '../../electron/core/process/node-fork';
import { memorySettingsStore, type SettingsStore } from '../../electron/core/settings/settings-store';
import { silentLogger } from '../../electron/core/util/logger';
import type { KeyProtector } from '../../electron/core/vault/key-protector';
import { passphraseKeyProtector } from '../../electron/core/vault/passphrase-key-protector';
import { memoryDataKeyStore } from '../support/memory-data-key-store';
import { rejection } from '../support/rejection';
import { testKeyProtector } from '../support/test-key-protector';
import { testRuntime } from '../support/test-runtime';

/** Settings → Databases with a URL that carries a password, through the real core. */
const password = 'db-Pa55word-planted';
const url = `postgresql://synthex:${password}@db.example:5432/synthex_user`;
const masked = 'postgresql://synthex:********@db.example:5432/synthex_user';

function core(store: SettingsStore, protector: KeyProtector) {
  const openDatabases = vi.fn(async () => Promise.reject(new Error('not in this test')));
  const app = createAppCore({
    runtime: testRuntime('/nonexistent'),
    env: {},
    settingsStore: store,
    spawnChild: forkNodeChild,
    pollerEntry: new URL('../fixtures/children/ready.mjs', import.meta.url).pathname,
    logger: silentLogger,
    keyProtector: protector,
    dataKeyStore: memoryDataKeyStore().store,
    openDatabases,
  });
  const invoke = async (channel: 'settings.get' | 'settings.set', payload: object) => {
    const reply = await app.dispatch(channel, payload, { transport: 'ws' });
    if (!reply.ok) throw SynthexError.from(reply.error);
    return reply.result as { settings: { userDbUrl: string | null } };
  };
  return { app, openDatabases, invoke };
}

describe('a database URL with a password', () => {
  it('is stored sealed, shown masked, and opened again at the next start', async () => {
    const store = memorySettingsStore();
    const protector = testKeyProtector();
    const first = core(store, protector);
    const view = await first.invoke('settings.set', { userDbUrl: url });
    expect(view.settings.userDbUrl).toBe(masked);
    expect(JSON.stringify(store.load())).not.toContain(password);
    expect(store.load()).toMatchObject({ userDbUrl: null, sealed: { userDbUrl: expect.any(String) } });

    // The page sends the masked value back when it saves another field: the real URL stays.
    await first.invoke('settings.set', { userDbUrl: masked, exchangeEnvironment: 'testnet' });
    expect(JSON.stringify(store.load())).not.toContain(password);
    expect((await first.invoke('settings.get', {})).settings.userDbUrl).toBe(masked);

    const second = core(store, protector);
    await second.app.start();
    expect(second.openDatabases).toHaveBeenCalledWith(
      { userDbUrl: url, generalDbUrl: null },
      expect.anything(),
    );
    expect((await second.invoke('settings.get', {})).settings.userDbUrl).toBe(masked);
    await second.app.stop();
  });

  it('is refused without key protection, with what to do, and nothing is saved', async () => {
    const store = memorySettingsStore();
    const { invoke } = core(store, passphraseKeyProtector({ passphrase: null }));
    const error = await rejection(invoke('settings.set', { userDbUrl: url }));
    expect(error.message).toMatch(
      /stored encrypted, which needs key protection: Set the environment variable/,
    );
    expect(error.message).toContain('~/.pgpass');
    expect(store.load()).toBeUndefined();
    // Without a password, no sealing is needed.
    await invoke('settings.set', { userDbUrl: 'postgresql://synthex@db.example/synthex_user' });
    expect(store.load()).toMatchObject({ userDbUrl: 'postgresql://synthex@db.example/synthex_user' });
  });

  it('that cannot be opened at start does not fall back to the embedded cluster', async () => {
    const store = memorySettingsStore();
    await core(store, testKeyProtector()).invoke('settings.set', { userDbUrl: url });
    const other = core(store, testKeyProtector()); // another key: the sealed URL does not open
    await other.app.start();
    expect(other.openDatabases).not.toHaveBeenCalled();
    const status = await other.app.dispatch('system.status', {}, { transport: 'ws' });
    expect(JSON.stringify(status)).toMatch(/User Data DB URL is stored encrypted and cannot be opened/);
    expect(JSON.stringify(status)).not.toContain(password);
    await other.app.stop();
  });
});
