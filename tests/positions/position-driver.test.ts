import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PositionRow } from '../../electron/core/ledger/position-repository';
import { PositionDriver, type PositionDriverDeps } from '../../electron/core/positions/position-driver';
import { silentLogger } from '../../electron/core/util/logger';

// The driver's own decisions, apart from the database and Bybit: the rows it reads are these.
const rows = new Map<number, PositionRow>();
vi.mock('../../electron/core/ledger/position-repository', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getPositionRow: (_db: unknown, id: number) => Promise.resolve(rows.get(id)),
  closingPositionIds: (_db: unknown, environment: string, exceptId: number) =>
    Promise.resolve(
      [...rows.values()]
        .filter((r) => r.status === 'CLOSING' && r.environment === environment && r.id !== exceptId)
        .map((r) => r.id),
    ),
}));

const row = (id: number, status: PositionRow['status']): PositionRow =>
  ({ id, status, user_id: 1, environment: 'custom', bybit_account: null }) as PositionRow;

const session = { endpoints: { environment: 'custom' }, account: null };
const deps = {
  db: () => ({}),
  sessions: { account: () => Promise.resolve(session), prices: () => ({}) },
  events: { emit: () => undefined },
  logger: silentLogger,
  accounts: { workFor: () => Promise.resolve({}) },
  updated: () => undefined,
  progress: () => undefined,
  stopped: () => false,
} as unknown as PositionDriverDeps;

type StepEnd = 'done' | 'waiting';

/** The driver with its steps recorded instead of run, each ending as `step` says. */
function driverWith(
  step: (id: number, nth: number) => Promise<StepEnd>,
  options?: PositionDriverDeps['options'],
) {
  const driver = new PositionDriver({ ...deps, options });
  const steps: number[] = [];
  vi.spyOn(driver as unknown as { step(id: number): Promise<StepEnd> }, 'step').mockImplementation(
    (id: number) => {
      steps.push(id);
      return step(id, steps.filter((s) => s === id).length);
    },
  );
  return { driver, steps };
}

/**
 * The first step of `held` waits until released, as a close round does while it reads the account and writes
 * what it found.
 */
function driverWithHeldStep(held: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const { driver, steps } = driverWith(async (id, nth) => {
    if (id === held && nth === 1) await released;
    return 'done';
  });
  return { driver, steps, release };
}

/** Lets the driver's reads of the (mocked) rows answer. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  rows.clear();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** Drives `held` with its first step held, wakes it with `wake` meanwhile, lets the step end: the steps run. */
async function stepsWokenDuringStep(held: number, wake: (driver: PositionDriver) => unknown) {
  const { driver, steps, release } = driverWithHeldStep(held);
  const driving = driver.drive(held);
  await wake(driver);
  await settle();
  release();
  await driving;
  return steps;
}

describe('a CLOSING position told it may go on', () => {
  it('while its step is under way runs a step once more after it (Bybit took a leg mid-round)', async () => {
    rows.set(1, row(1, 'CLOSING'));
    expect(await stepsWokenDuringStep(1, (driver) => driver.closingMayGoOn([1]))).toEqual([1, 1]);
  });

  it('while its step is under way runs a step once more after it (another position of the account ended)', async () => {
    rows.set(1, row(1, 'CLOSED'));
    rows.set(2, row(2, 'CLOSING'));
    const otherEnded = async (driver: PositionDriver) =>
      (await driver.contextFor(rows.get(1)!)).finished(rows.get(1)!);
    expect(await stepsWokenDuringStep(2, otherEnded)).toEqual([2, 2]);
  });

  it('when idle is driven once, and one that is no longer CLOSING is left alone', async () => {
    rows.set(1, row(1, 'CLOSING'));
    rows.set(2, row(2, 'CLOSED'));
    const { driver, steps } = driverWithHeldStep(0);
    driver.closingMayGoOn([1, 2, 1]);
    await settle();
    await settle();
    expect(steps).toEqual([1]);
  });
});

describe('a close that stays waiting', () => {
  const retryDelayMs = { first: 1000, max: 4000 };

  it('is driven again after a back-off that doubles up to its cap, until it ends', async () => {
    vi.useFakeTimers();
    const { driver, steps } = driverWith(async (_id, nth) => (nth < 5 ? 'waiting' : 'done'), {
      retryDelayMs,
    });
    await driver.drive(1);
    const after = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      return steps.length;
    };
    expect([
      await after(999),
      await after(1),
      await after(2000),
      await after(4000),
      await after(4000),
    ]).toEqual([1, 2, 3, 4, 5]);
    expect(await after(60_000)).toBe(5);
  });

  it('woken by its news before the timer is driven once for it, not once more by the timer', async () => {
    vi.useFakeTimers();
    rows.set(1, row(1, 'CLOSING'));
    const { driver, steps } = driverWith(async (_id, nth) => (nth === 1 ? 'waiting' : 'done'), {
      retryDelayMs,
    });
    await driver.drive(1);
    driver.closingMayGoOn([1]);
    await vi.advanceTimersByTimeAsync(0);
    expect(steps).toEqual([1, 1]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(steps).toEqual([1, 1]);
  });

  it('is not driven again once the driver has stopped', async () => {
    vi.useFakeTimers();
    let stopped = false;
    const driver = new PositionDriver({ ...deps, stopped: () => stopped, options: { retryDelayMs } });
    const step = vi
      .spyOn(driver as unknown as { step(id: number): Promise<StepEnd> }, 'step')
      .mockResolvedValue('waiting');
    await driver.drive(1);
    stopped = true;
    await driver.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(step).toHaveBeenCalledTimes(1);
  });
});
