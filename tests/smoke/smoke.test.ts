import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../sim';
import { rest } from '../sim/__tests__/helpers';
import { expectNoDuplicateSends } from '../positions/position-helpers';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run smoke` as a trader runs it, with its output and exit code. Its own process group, killed on timeout. */
function smoke(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('npm', ['run', '--silent', 'smoke', '--', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 8 * 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/**
 * The live smoke test's code path, run in CI against the simulator (`--env custom`): the simulator lags its
 * lookups as Bybit does, and the report must show 0 mismatches between Bybit's execution list and `trades`.
 */
describe('npm run smoke', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ tickIntervalMs: 100 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it(
    '--env custom: opens the smallest Top 5, closes it, and finds every fill of Bybit in trades',
    async () => {
      const key = sim.control.createKey({ balanceUsdt: '5000' });
      const run = await smoke(['--env', 'custom'], {
        SYNTHEX_SMOKE_API_KEY: key.apiKey,
        SYNTHEX_SMOKE_API_SECRET: key.apiSecret,
        SYNTHEX_BYBIT_REST_URL: sim.rest,
        SYNTHEX_BYBIT_WS_URL: sim.ws,
        SYNTHEX_COINGECKO_URL: sim.coingecko,
      });
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/Synthex smoke test on custom/);
      expect(run.stdout).toMatch(/account: unified 2\.0, cross margin/);
      expect(run.stdout).toMatch(/round trip 1: position \d+, \d+ USDT, 5 legs, CLOSED/);
      expect(run.stdout).toMatch(/fills: (\d+) in trades, \1 matching Bybit's execution list/);
      expect(run.stdout).toContain("Mismatches between Bybit's execution list and trades: 0");
      expect(run.stdout.trim().endsWith('PASSED')).toBe(true);
      // The account is flat again, and no orderLinkId was booked twice (a send Bybit refused without
      // booking, e.g. 10006 at the create quota, may go again with the same orderLinkId: a retry).
      const open = await rest(sim, key).getPositionInfo({ category: 'linear', settleCoin: 'USDT' });
      expect(open.result.list).toEqual([]);
      const sends = sim.control.wireSends().filter((send) => send.apiKey === key.apiKey);
      const booked = sends.filter((send) => send.booked).map((send) => send.orderLinkId);
      expect(booked.length).toBeGreaterThanOrEqual(10);
      expect(new Set(booked).size).toBe(booked.length);
      expectNoDuplicateSends(sim);
    },
    10 * 60_000,
  );

  it('refuses mainnet without --mainnet and --max-usdt, before anything starts', async () => {
    const run = await smoke(['--env', 'mainnet'], {
      SYNTHEX_SMOKE_API_KEY: 'k',
      SYNTHEX_SMOKE_API_SECRET: 's',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Refusing to trade on mainnet: it moves real money/);
    expect(run.stdout).toBe('');
  });
});
