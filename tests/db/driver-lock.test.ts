import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DriverConflictError,
  takeDriverLock,
  thisProcess,
  type DriverIdentity,
  type DriverLock,
} from '../../electron/core/db/driver-lock';
import { silentLogger } from '../../electron/core/util/logger';
import { recordingLogger } from '../support/recording-logger';
import { waitFor } from '../support/wait-for';
import { removeTempDirs, startTestCluster, withClient, type TestCluster } from './db-test-helpers';

/** The User Data DB's driver lock on a real Postgres server: who holds it, who is refused, and when. */
let server: TestCluster;
let userDb: pg.ClientConfig;
const held: DriverLock[] = [];

const identity = (pid: number, dataDir: string): DriverIdentity => ({
  app: 'headless',
  pid,
  host: 'trading-box',
  dataDir,
  startedAt: '2025-01-02T03:04:05.000Z',
});

async function take(who: DriverIdentity, extra: Partial<Parameters<typeof takeDriverLock>[0]> = {}) {
  const lock = await takeDriverLock({ connection: userDb, identity: who, logger: silentLogger, ...extra });
  held.push(lock);
  return lock;
}

async function refusal(taking: Promise<unknown>): Promise<DriverConflictError> {
  const error = await taking.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DriverConflictError);
  return error as DriverConflictError;
}

/** Takes the lock once the server has ended a dropped holder's session (its socket closes first). */
async function eventuallyTake(who: DriverIdentity): Promise<void> {
  await waitFor(() =>
    take(who).then(
      () => true,
      () => false,
    ),
  );
}

/**
 * Runs the holder's scheduled retries until `done`: a retry may still find the holder's own dropped
 * session on the lock, and then schedules another.
 */
async function retryUntil(retries: (() => void)[], done: () => boolean): Promise<void> {
  await waitFor(() => {
    for (const retry of retries.splice(0)) retry();
    return done();
  });
}

/** Ends the holder's connection from the server side, as a server restart or a crashed client would. */
async function cutHolderConnection(pid: number): Promise<void> {
  await withClient(server.cluster.connection('postgres'), (c) =>
    c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1`, [
      `Synthex headless pid ${pid} %`,
    ]),
  );
}

beforeAll(async () => {
  server = await startTestCluster();
  userDb = await server.createDatabase('driver_user');
});

afterEach(async () => {
  for (const lock of held.splice(0)) await lock.release();
});

afterAll(async () => {
  await server?.close();
  removeTempDirs();
});

describe('the User Data DB driver lock', () => {
  it('refuses a second process and names the one that drives: app, pid, host, data directory, start', async () => {
    await take(identity(4242, '/srv/synthex-a'));
    const refused = await refusal(take(identity(4343, '/srv/synthex-b')));
    expect(refused.message).toContain('Synthex is already running on the User Data DB "driver_user"');
    expect(refused.message).toContain(
      'headless mode, pid 4242 on trading-box, data directory /srv/synthex-a, started 2025-01-02T03:04:05.000Z',
    );
  });

  it('is free again once the holder releases it', async () => {
    const first = await take(identity(1, '/a'));
    await expect(take(identity(2, '/b'))).rejects.toBeInstanceOf(DriverConflictError);
    await first.release();
    await take(identity(2, '/b'));
  });

  it('concerns one database only: another User Data DB on the same server has its own driver', async () => {
    const other = await server.createDatabase('driver_other');
    await take(identity(1, '/a'));
    held.push(await takeDriverLock({ connection: other, identity: identity(2, '/b'), logger: silentLogger }));
  });

  it('goes with its connection: a dropped holder no longer blocks a new start', async () => {
    const retries: (() => void)[] = [];
    await take(identity(7, '/a'), { scheduleRetry: (retry) => retries.push(retry) });
    await cutHolderConnection(7);
    await waitFor(() => retries.length === 1); // the holder noticed and would try again later
    await eventuallyTake(identity(8, '/b')); // once the server has ended the holder's session
  });

  it('a holder whose connection dropped takes the lock back, or says another process has it now', async () => {
    const retries: (() => void)[] = [];
    const conflicts: DriverConflictError[] = [];
    const logger = recordingLogger();
    await take(identity(9, '/a'), {
      logger,
      scheduleRetry: (retry) => retries.push(retry),
      onConflict: (error) => conflicts.push(error),
    });
    await cutHolderConnection(9);
    await retryUntil(retries, () => logger.logged('took the User Data DB driver lock back'));
    // Taken back: a second process is refused, and the holder named again.
    expect((await refusal(take(identity(10, '/b')))).message).toContain('pid 9 on trading-box');

    await cutHolderConnection(9);
    await waitFor(() => retries.length === 1);
    await eventuallyTake(identity(11, '/c')); // another process starts in between
    await retryUntil(retries, () => conflicts.length === 1);
    expect(conflicts[0]!.message).toContain('pid 11 on trading-box');
  });

  it('describes this process from what it knows of itself', () => {
    const self = thisProcess('relative/dir');
    expect(self).toMatchObject({ app: 'headless', pid: process.pid });
    expect(self.dataDir).toMatch(/^\/.*relative\/dir$/);
    expect(Date.parse(self.startedAt)).toBeLessThanOrEqual(Date.now());
  });
});
