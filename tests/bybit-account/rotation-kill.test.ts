import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotationSteps, type RotationStep } from '../../electron/core/bybit-account/rotate-data-key';
import { makeTempDir, removeTempDirs } from '../db/db-test-helpers';
import { startSimulator, type Simulator } from '../sim';
import { startTestCore } from '../support/core-harness';

/**
 * A crash at any step of a data-key rotation loses nothing: a real child process running the real core
 * is SIGKILLed right after each step of rotateDataKey in turn, and every restart decrypts every stored
 * API key (and signs a request with it) before it rotates again.
 */
const passphrase = 'rotation kill test passphrase';
const child = fileURLToPath(new URL('./rotation-kill.child.ts', import.meta.url));
let sim: Simulator;
let dataDir: string;
let profileIds: number[];
const running = new Set<ChildProcess>();

interface Verified {
  type: 'verified';
  checks: { profileId: number; stored: boolean; check: { ok: boolean; message?: string } | null }[];
  pendingOnRecord: boolean;
  resealedPasswordLeft: boolean;
}

/** Starts the child; resolves with its report, and (when `step` is given) once it froze there and was killed. */
function run(step?: RotationStep): Promise<{ verified: Verified; killedAt: string | null }> {
  const process_ = fork(child, [dataDir, profileIds.join(','), ...(step ? [step] : [])], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, ROTATION_KILL_PASSPHRASE: passphrase },
  });
  running.add(process_);
  let stderr = '';
  process_.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let verified: Verified | null = null;
    let killedAt: string | null = null;
    process_.on('message', (message: { type: string; step?: string }) => {
      if (message.type === 'verified') verified = message as Verified;
      if (message.type === 'paused') {
        killedAt = message.step!;
        process_.kill('SIGKILL');
      }
      if (message.type === 'rotated-without-pausing') reject(new Error(`never reached step ${step}`));
    });
    process_.on('exit', (code, signal) => {
      running.delete(process_);
      if (!verified)
        return reject(new Error(`child exited (${code ?? signal}) before reporting:\n${stderr}`));
      if (step && signal !== 'SIGKILL')
        return reject(new Error(`child was not killed at ${step}:\n${stderr}`));
      resolve({ verified, killedAt });
    });
  });
}

function expectEveryKeyDecrypts(verified: Verified): void {
  expect(verified.checks).toHaveLength(profileIds.length);
  for (const { stored, check } of verified.checks) {
    expect(stored).toBe(true);
    expect(check).toMatchObject({ ok: true });
  }
  // The interrupted rotation was settled at start: one key on record, one password file.
  expect(verified.pendingOnRecord).toBe(false);
  expect(verified.resealedPasswordLeft).toBe(false);
}

beforeAll(async () => {
  sim = await startSimulator({ tickIntervalMs: 0 });
  dataDir = makeTempDir('synthex-rotation-kill-');
  const app = await startTestCore({ dataDir, env: { SYNTHEX_VAULT_PASSPHRASE: passphrase } });
  profileIds = [];
  for (const name of ['Main', 'Hedge', 'Alt']) {
    const { id } = await app.invoke('profiles.create', { name });
    const key = sim.control.createKey({ balanceUsdt: '1000' });
    await app.invoke('credentials.set', {
      profileId: id,
      environment: 'custom',
      customRestUrl: sim.rest,
      customWsUrl: sim.ws,
      ...key,
    });
    profileIds.push(id);
  }
  await app.stop();
}, 120_000);

afterAll(async () => {
  for (const process_ of running) process_.kill('SIGKILL');
  // A failed run may leave the embedded server of a killed child behind: stop it before removing its files.
  try {
    const pid = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, 'SIGINT');
  } catch {
    // no server left
  }
  await sim?.close();
  removeTempDirs();
});

describe('data key rotation killed with SIGKILL', () => {
  it.each(rotationSteps.map((step) => [step]))(
    'loses no API key when killed after %s',
    async (step) => {
      const { verified, killedAt } = await run(step);
      expectEveryKeyDecrypts(verified); // the restart after the previous kill
      expect(killedAt).toBe(step);
    },
    120_000,
  );

  it('decrypts every key after the last kill', async () => {
    expectEveryKeyDecrypts((await run()).verified);
  }, 120_000);
});
