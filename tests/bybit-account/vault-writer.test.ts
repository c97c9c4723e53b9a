import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resealedPasswordFile } from '../../electron/core/db/protected-password-store';
import { makeTempDir, removeTempDirs } from '../db/db-test-helpers';
import { startTestCore, type TestCore } from '../support/core-harness';
import { useHeldSimulator } from '../support/held-simulator';
import {
  addProfileWithKey,
  expectKeysDecrypt,
  rotateTwiceAtOnce,
  storeDuringRotation,
} from '../support/vault-race';

/**
 * The vault has one writer (docs/architecture.md §12): key rotations, stores and removals of API keys
 * run one at a time, on the real core and a real embedded cluster, against the Bybit simulator. Each
 * race runs both calls truly at once, and every stored key must decrypt afterwards and after a restart.
 */
const env = { SYNTHEX_VAULT_PASSPHRASE: 'one writer at a time, please' };
const held = useHeldSimulator();
let app: TestCore;
let dataDir: string;
const profiles: number[] = [];

/** Every stored key decrypts and signs a read at the simulator; the rotation left nothing half done. */
async function expectEveryKeyWorks(): Promise<void> {
  await expectKeysDecrypt(app, profiles);
  const record = JSON.parse(readFileSync(join(dataDir, 'vault-key.json'), 'utf8')) as { pending?: unknown };
  expect(record.pending).toBeUndefined();
  expect(existsSync(join(dataDir, resealedPasswordFile))).toBe(false);
}

/** A new core on the same data dir: the sealed database password must open, and every key with it. */
async function restart(): Promise<void> {
  await app.stop();
  app = await startTestCore({ dataDir, env });
  expect((await app.invoke('profiles.list', {})).profiles.length).toBe(profiles.length);
  await expectEveryKeyWorks();
}

beforeAll(async () => {
  dataDir = makeTempDir('synthex-vault-writer-');
  app = await startTestCore({ dataDir, env });
  for (const name of ['Main', 'Hedge']) profiles.push(await addProfileWithKey(app, held, name));
}, 120_000);

afterAll(async () => {
  await app?.stop();
  removeTempDirs();
});

describe('the vault has one writer', () => {
  it('runs two key rotations sent at once one after the other: both succeed and every key still opens', async () => {
    expect(await rotateTwiceAtOnce(app)).toEqual(['ok', 'ok']);
    await expectEveryKeyWorks();
    await restart();
  }, 120_000);

  it('encrypts a key stored during a rotation with the key in force after its slow validation', async () => {
    const { id, rotated } = await storeDuringRotation(app, held);
    // The rotation ran while the store was in flight: it re-encrypted the keys stored before it.
    expect(rotated.credentials).toBe(profiles.length);
    profiles.push(id);

    await expectEveryKeyWorks();
    // A later rotation moves the new key too (it fails when any row does not open under the key in force).
    await app.invoke('credentials.rotateKey', {});
    await expectEveryKeyWorks();
    await restart();
  }, 120_000);
});
