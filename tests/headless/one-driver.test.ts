import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs, startTestCluster, type TestCluster } from '../db/db-test-helpers';
import { useHeldSimulator } from '../support/held-simulator';
import { connectContract, startAppProcess } from '../support/headless-process';
import type { AppProcess, ContractClient } from '../support/headless-process';
import { simEnv, waitForUniverse } from '../support/sim-core';
import { waitFor } from '../support/wait-for';

/**
 * One driver per User Data DB (docs/architecture.md §12), with the built headless process: a second
 * process on the same database, or on the same data directory, exits at start with a message naming
 * the one that runs; after a SIGKILL of the running one, the next start takes over and resumes the
 * position it left mid-open. Needs `npm run build`.
 */
const held = useHeldSimulator();
let server: TestCluster;
const running: AppProcess[] = [];

async function start(dataDir: string, env: Record<string, string>): Promise<ContractClient> {
  const app = await startAppProcess(dataDir, env);
  running.push(app);
  return connectContract(app.url);
}

/** Starting must fail: resolves with the process's stderr (startAppProcess puts it in the error). */
async function refusedStart(dataDir: string, env: Record<string, string>): Promise<string> {
  const outcome = await startAppProcess(dataDir, env).then(
    (app) => (running.push(app), null),
    (error: Error) => error.message,
  );
  expect(outcome, 'the second process started').not.toBeNull();
  return outcome!;
}

beforeAll(async () => {
  server = await startTestCluster();
}, 120_000);

afterAll(async () => {
  for (const app of running) await app.kill(true);
  await server?.close();
  removeTempDirs();
});

describe('one driver per User Data DB', () => {
  it('refuses a second process on the same User Data DB, and after a SIGKILL the next start resumes the position', async () => {
    const env = {
      ...simEnv(held.sim),
      SYNTHEX_USER_DB_URL: server.url(await server.createDatabase('one_driver_user')),
      SYNTHEX_GENERAL_DB_URL: server.url(await server.createDatabase('one_driver_general')),
    };
    const firstDir = makeTempDir('synthex-driver-first-');
    const first = await start(firstDir, env);
    const firstPid = running[0]!.child.pid!;
    await first.invoke('profiles.create', { name: 'Driver', select: true });
    await first.invoke('credentials.set', {
      environment: 'custom',
      customRestUrl: held.exchange.url,
      customWsUrl: held.sim.ws,
      ...held.sim.control.createKey({ balanceUsdt: '1000000' }),
    });
    await waitForUniverse(first);
    // The open's orders reach the exchange and are booked; their answers are held: it is mid-open.
    held.exchange.hold('/v5/order/create');
    const { position } = await first.invoke('positions.open', {
      requestId: randomUUID(),
      indexId: 'top5-equal',
      usdtSize: '1000',
      direction: 'long',
    });
    await waitFor(() => held.exchange.held() > 0, { timeoutMs: 30_000 });
    expect((await first.invoke('positions.get', { id: position.id })).position.status).toBe('EXECUTING');

    const refused = await refusedStart(makeTempDir('synthex-driver-second-'), env);
    expect(refused).toMatch(/exited with 1 before it was ready/);
    expect(refused).toContain('Synthex is already running on the User Data DB "one_driver_user"');
    expect(refused).toContain(`headless mode, pid ${firstPid} on `);
    expect(refused).toContain(`data directory ${firstDir}`);
    // The running one was not disturbed.
    expect((await first.invoke('system.status', {})).databases.user.reachable).toBe(true);

    first.close();
    await running[0]!.kill(true); // a power cut: app and poller at once
    held.exchange.release();
    const next = await start(firstDir, env);
    const resumed = await waitFor(
      async () => {
        const { position: now } = await next.invoke('positions.get', { id: position.id });
        return now.status === 'EXECUTING' ? null : now;
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    expect(resumed!.status).toBe('ACTIVE');
    next.close();
  }, 240_000);

  it('refuses a second process on the same data directory at once, and leaves the first one running', async () => {
    const dataDir = makeTempDir('synthex-driver-same-dir-');
    const env = { SYNTHEX_VAULT_PASSPHRASE: 'one data directory, one process' };
    const first = await start(dataDir, env);
    const firstPid = running.at(-1)!.child.pid!;
    const refused = await refusedStart(dataDir, env);
    expect(refused).toMatch(/exited with 1 before it was ready/);
    expect(refused).toContain(`is in use by another Synthex process (pid ${firstPid})`);
    expect((await first.invoke('system.status', {})).databases.user.reachable).toBe(true);
    expect((await first.invoke('profiles.create', { name: 'Still here' })).id).toBeGreaterThan(0);
    first.close();
  }, 120_000);
});
