import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../db/db-test-helpers';
import { startSimulator, type Simulator } from '../sim';
import { startHeldExchange, type HeldExchange } from '../support/held-exchange';
import { connectContract, startAppProcess } from '../support/headless-process';
import type { AppProcess, ContractClient } from '../support/headless-process';
import { simEnv } from '../support/sim-core';
import { waitFor } from '../support/wait-for';

/**
 * The vault's one writer over the real transport: the built headless process, two `credentials.rotateKey`
 * frames sent back to back on one WebSocket (two tabs, or a resent frame), and a key stored on a slow
 * exchange while a rotation runs. Every key must decrypt afterwards, and after a real restart of the
 * process (which must open its sealed database password). Needs `npm run build`.
 */
let sim: Simulator;
let exchange: HeldExchange;
let dataDir: string;
let app: AppProcess | null = null;
let client: ContractClient;
const profiles: number[] = [];

const custom = () => ({ environment: 'custom' as const, customRestUrl: exchange.url, customWsUrl: sim.ws });

async function start(): Promise<void> {
  app = await startAppProcess(dataDir, simEnv(sim));
  client = await connectContract(app.url);
}

async function expectEveryKeyWorks(): Promise<void> {
  for (const profileId of profiles) {
    const status = await client.invoke('credentials.get', { profileId, verify: true });
    expect(status.credential, `profile ${profileId} has its key`).not.toBeNull();
    expect(status.check, `profile ${profileId}'s key decrypts`).toMatchObject({ ok: true });
  }
}

async function restartAndCheck(): Promise<void> {
  client.close();
  await app!.stop();
  await start();
  expect((await client.invoke('system.status', {})).databases.user.reachable).toBe(true);
  await expectEveryKeyWorks();
}

beforeAll(async () => {
  sim = await startSimulator({ tickIntervalMs: 0 });
  exchange = await startHeldExchange(sim.rest);
  dataDir = makeTempDir('synthex-vault-process-');
  await start();
  for (const name of ['Main', 'Hedge']) {
    const { id } = await client.invoke('profiles.create', { name });
    await client.invoke('credentials.set', { profileId: id, ...custom(), ...sim.control.createKey() });
    profiles.push(id);
  }
}, 120_000);

afterAll(async () => {
  client?.close();
  await app?.stop();
  await exchange?.close();
  await sim?.close();
  removeTempDirs();
});

describe('the vault has one writer, over the headless WebSocket', () => {
  it('answers two rotateKey frames sent at once both ok, and every key opens, also after a restart', async () => {
    const results = await Promise.allSettled([
      client.invoke('credentials.rotateKey', {}),
      client.invoke('credentials.rotateKey', {}),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
    await expectEveryKeyWorks();
    await restartAndCheck();
  }, 120_000);

  it('keeps a key stored on a slow exchange while a rotation runs, also after a restart', async () => {
    const { id } = await client.invoke('profiles.create', { name: 'Stored during a rotation' });
    exchange.hold('/v5/user/query-api');
    const storing = client.invoke('credentials.set', {
      profileId: id,
      ...custom(),
      ...sim.control.createKey(),
    });
    await waitFor(() => exchange.held() === 1);
    await client.invoke('credentials.rotateKey', {});
    exchange.release();
    expect((await storing).credential).not.toBeNull();
    profiles.push(id);
    await expectEveryKeyWorks();
    await restartAndCheck();
  }, 120_000);
});
