import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  positionHistory,
  pruneSnapshots,
  totalHistory,
  writeSnapshots,
  writeUnrealized,
} from '../../electron/core/pnl/pnl-repository';
import { createPosition } from '../../electron/core/ledger/position-repository';
import { makeTempDir, removeTempDirs } from '../db/db-test-helpers';
import { startTestCore, type TestCore } from '../support/core-harness';

/** PnL history on real Postgres (u0006): one row per position and minute, 90 days kept, Σ per minute. */
let app: TestCore;
let profileId: number;
const ids: number[] = [];

beforeAll(async () => {
  app = await startTestCore({ dataDir: makeTempDir('synthex-pnl-history-') });
  profileId = (await app.invoke('profiles.create', { name: 'History', select: true })).id;
  for (const name of ['A', 'B']) {
    const row = await createPosition(app.databases().user, {
      userId: profileId,
      requestId: randomUUID(),
      linkKey: randomUUID().slice(0, 10),
      indexId: 'top5-equal',
      indexName: `Top 5 equal ${name}`,
      usdtSize: '1000',
      direction: 'long',
      leverage: '1',
      maxSlippagePercent: '0.5',
      onPartialFailure: 'rollback',
      environment: 'custom',
      bybitAccount: 'uid:1',
      components: [
        { symbol: 'BTCUSDT', expectedQuantity: '0.001', targetWeight: '1', referencePrice: '95000' },
      ],
    });
    ids.push(row.id);
  }
}, 120_000);

afterAll(async () => {
  await app?.stop();
  removeTempDirs();
});

// Minutes relative to now, so "the last 24 hours" means the same on any day the test runs.
const base = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
const t0 = new Date(base);
const t1 = new Date(base + 60_000);

describe('PnL history', () => {
  it('keeps one snapshot per position and minute (a rewrite updates it) and sums the total per minute', async () => {
    const db = app.databases().user;
    const [a, b] = ids as [number, number];
    await writeSnapshots(db, t0, [
      { positionId: a, unrealizedPnl: '1.25', realizedPnl: '0' },
      { positionId: b, unrealizedPnl: '-0.5', realizedPnl: '2' },
    ]);
    await writeSnapshots(db, t1, [
      { positionId: a, unrealizedPnl: '3', realizedPnl: '0' },
      { positionId: b, unrealizedPnl: '-1', realizedPnl: '2' },
    ]);
    // The same minute again: updated, not duplicated.
    await writeSnapshots(db, t1, [{ positionId: a, unrealizedPnl: '3.5', realizedPnl: '0' }]);
    const since = new Date(base - 3600_000);
    const total = await totalHistory(db, profileId, since);
    expect(total.map((p) => [p.at, Number(p.unrealizedPnl), Number(p.realizedPnl)])).toEqual([
      [t0.toISOString(), 0.75, 2],
      [t1.toISOString(), 2.5, 2],
    ]);
    const series = await positionHistory(db, profileId, [a], since);
    expect(series.get(a)!.map((p) => p.unrealizedPnl)).toEqual(['1.25', '3.5']);
    // Another profile's positions are never read.
    expect((await totalHistory(db, profileId + 999, since)).length).toBe(0);
  });

  it('refuses a snapshot that is not on a whole minute', async () => {
    const db = app.databases().user;
    await expect(
      writeSnapshots(db, new Date(base + 90_000), [
        { positionId: ids[0]!, unrealizedPnl: '1', realizedPnl: '0' },
      ]),
    ).rejects.toThrow(/position_pnl_snapshots_minute_check/);
  });

  it('prunes what is older than 90 days and keeps the rest', async () => {
    const db = app.databases().user;
    const now = new Date(base + 3600_000);
    const old = new Date(now.getTime() - 91 * 86_400_000);
    const kept = new Date(now.getTime() - 89 * 86_400_000);
    old.setUTCSeconds(0, 0);
    kept.setUTCSeconds(0, 0);
    await writeSnapshots(db, old, [{ positionId: ids[0]!, unrealizedPnl: '9', realizedPnl: '0' }]);
    await writeSnapshots(db, kept, [{ positionId: ids[0]!, unrealizedPnl: '8', realizedPnl: '0' }]);
    expect(await pruneSnapshots(db, now, 90)).toBe(1);
    const left = await positionHistory(db, profileId, [ids[0]!], new Date(0));
    expect(left.get(ids[0]!)!.map((p) => p.unrealizedPnl)).toEqual(['8', '1.25', '3.5']);
  });

  it('writes unrealized_pnl of every position in one statement, leaving updated_at alone', async () => {
    const db = app.databases().user;
    const before = await db.selectFrom('synthetic_positions').select(['id', 'updated_at']).execute();
    await writeUnrealized(
      db,
      new Map([
        [ids[0]!, '12.34567891'],
        [ids[1]!, '-0.5'],
      ]),
    );
    const rows = await db
      .selectFrom('synthetic_positions')
      .select(['id', 'unrealized_pnl', 'updated_at'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => Number(r.unrealized_pnl))).toEqual([12.34567891, -0.5]);
    expect(rows.map((r) => r.updated_at)).toEqual(
      before.sort((x, y) => x.id - y.id).map((r) => r.updated_at),
    );
  });

  it('answers pnl.history over the contract: the total and the asked positions, within the hours asked (bad input refused)', async () => {
    const day = await app.invoke('pnl.history', { positionIds: [ids[0]!, ids[1]!], hours: 24 });
    expect(day.positions.find((p) => p.id === ids[1])!.points.map((p) => p.unrealizedPnl)).toEqual([
      '-0.5',
      '-1',
    ]);
    // The 89-day-old snapshot is outside the last day and inside the last 90 days.
    expect(day.positions.find((p) => p.id === ids[0])!.points.map((p) => p.unrealizedPnl)).toEqual([
      '1.25',
      '3.5',
    ]);
    const quarter = await app.invoke('pnl.history', { positionIds: [ids[0]!], hours: 90 * 24 });
    expect(quarter.positions[0]!.points.map((p) => p.unrealizedPnl)).toEqual(['8', '1.25', '3.5']);
    expect(quarter.total.length).toBe(3);
    await expect(app.invoke('pnl.history', { hours: 0 } as never)).rejects.toMatchObject({
      code: 'INVALID_PAYLOAD',
    });
  });
});
