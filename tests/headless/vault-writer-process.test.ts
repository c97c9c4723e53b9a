import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../db/db-test-helpers';
import { useHeldSimulator } from '../support/held-simulator';
import { connectContract, startAppProcess } from '../support/headless-process';
import type { AppProcess, ContractClient } from '../support/headless-process';
import { simEnv } from '../support/sim-core';
import {
  addProfileWithKey,
  expectKeysDecrypt,
  rotateTwiceAtOnce,
  storeDuringRotation,
} from '../support/vault-race';

/**
 * The vault's one writer over the real transport: the built headless process, two `credentials.rotateKey`
 * frames sent back to back on one WebSocket (two tabs, or a resent frame), and a key stored on a slow
 * exchange while a rotation runs. Every key must decrypt afterwards, and after a real restart of the
 * process (which must open its sealed database password). Needs `npm run build`.
 */
const held = useHeldSimulator();
let dataDir: string;
let app: AppProcess | null = null;
let client: ContractClient;
const profiles: number[] = [];

async function start(): Promise<void> {
  app = await startAppProcess(dataDir, simEnv(held.sim));
  client = await connectContract(app.url);
}

async function restartAndCheck(): Promise<void> {
  client.close();
  await app!.stop();
  await start();
  expect((await client.invoke('system.status', {})).databases.user.reachable).toBe(true);
  await expectKeysDecrypt(client, profiles);
}

beforeAll(async () => {
  dataDir = makeTempDir('synthex-vault-process-');
  await start();
  for (const name of ['Main', 'Hedge']) profiles.push(await addProfileWithKey(client, held, name));
}, 120_000);

afterAll(async () => {
  client?.close();
  await app?.stop();
  removeTempDirs();
});

describe('the vault has one writer, over the headless WebSocket', () => {
  it('answers two rotateKey frames sent at once both ok, and every key opens, also after a restart', async () => {
    expect(await rotateTwiceAtOnce(client)).toEqual(['ok', 'ok']);
    await expectKeysDecrypt(client, profiles);
    await restartAndCheck();
  }, 120_000);

  it('keeps a key stored on a slow exchange while a rotation runs, also after a restart', async () => {
    const { id } = await storeDuringRotation(client, held);
    profiles.push(id);
    await expectKeysDecrypt(client, profiles);
    await restartAndCheck();
  }, 120_000);
});
