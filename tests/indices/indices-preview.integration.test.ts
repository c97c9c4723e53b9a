import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dec, isOnStep, sum } from '../../shared/decimal';
import { builtInIndexIds } from '../../shared/domain/indices';
import type { Preview } from '../../shared/domain/preview';
import { BybitGateway } from '../../electron/core/exchange/gateway';
import { silentLogger } from '../../electron/core/util/logger';
import { simEndpoints } from '../exchange/sim-harness';
import { rejection } from '../support/rejection';
import type { SimCore } from '../support/sim-core';
import { useSimCore } from '../support/sim-session';

/** `indices.*` over the contract: the real core, the real poller's universe and the simulator's prices. */
let market: BybitGateway;
// No price walk: two previews a moment apart see the same prices, so "at the minimum" is exact.
const setup = useSimCore({ simulator: { tickIntervalMs: 0 } });

beforeAll(() => {
  market = new BybitGateway({ endpoints: simEndpoints(setup.sim), logger: silentLogger });
});

const preview = (request: Partial<Parameters<SimCore['app']['invoke']>[1]> & Record<string, unknown>) =>
  setup.app.invoke('indices.preview', {
    indexId: 'top10-equal',
    usdtSize: '1000',
    direction: 'long',
    ...request,
  } as never) as Promise<Preview>;

async function expectExchangeValid(result: Preview) {
  const instruments = new Map((await market.getInstruments()).map((i) => [i.symbol, i]));
  for (const leg of result.legs) {
    const instrument = instruments.get(leg.symbol)!;
    expect(isOnStep(new Dec(leg.quantity), new Dec(instrument.qtyStep))).toBe(true);
    expect(new Dec(leg.quantity).gte(instrument.minOrderQty)).toBe(true);
    expect(new Dec(leg.notional).gte(instrument.minNotionalValue)).toBe(true);
    expect(leg.qtyStep).toBe(instrument.qtyStep);
  }
}

describe('indices over the contract', () => {
  it('lists the six built-in indices with stable ids', async () => {
    const list = await setup.app.invoke('indices.list', {});
    expect(list.indices.filter((i) => i.builtIn).map((i) => i.id)).toEqual([...builtInIndexIds]);
    expect(list.snapshotDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('previews top10-equal at 1000 USDT long: 10 legs on step, notionals within 1 % of the size', async () => {
    const result = await preview({});
    expect(result.legs).toHaveLength(10);
    expect(result.dropped).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.legs.every((leg) => leg.side === 'Buy')).toBe(true);
    await expectExchangeValid(result);
    const total = sum(result.legs.map((leg) => new Dec(leg.notional)));
    expect(total.minus(1000).abs().lte(10)).toBe(true);
    expect(result.totals.notional).toBe(total.toFixed());
    expect(new Dec(result.totals.availableBalance!).gt(0)).toBe(true);
    // The legs are the ten best ranks of the snapshot, in rank order.
    const { snapshot } = await setup.app.invoke('universe.latest', {});
    expect(result.legs.map((leg) => leg.symbol)).toEqual(snapshot!.assets.slice(0, 10).map((a) => a.symbol));
  });

  it('gives a short basket the same quantities on the Sell side', async () => {
    const [long, short] = await Promise.all([preview({}), preview({ direction: 'short' })]);
    expect(short.legs.map((l) => [l.symbol, l.quantity])).toEqual(
      long.legs.map((l) => [l.symbol, l.quantity]),
    );
    expect(short.legs.every((l) => l.side === 'Sell')).toBe(true);
  });

  it('drops legs of top50-equal at 100 USDT, and previewing at the minimum size drops nothing', async () => {
    const small = await preview({ indexId: 'top50-equal', usdtSize: '100' });
    expect(small.dropped.length).toBeGreaterThan(0);
    expect(small.renormalised).toBe(true);
    expect(small.notes.map((n) => n.code)).toContain('RENORMALISED');
    expect(new Dec(small.minimumUsdtSize!).gt(100)).toBe(true);
    await expectExchangeValid(small);
    const atMinimum = await preview({ indexId: 'top50-equal', usdtSize: small.minimumUsdtSize! });
    expect(atMinimum.dropped).toEqual([]);
    expect(atMinimum.legs).toHaveLength(50);
    await expectExchangeValid(atMinimum);
    const strict = await preview({ indexId: 'top50-equal', usdtSize: '100', strict: true });
    expect(strict.problems.map((p) => p.code)).toContain('LEGS_DROPPED');
  });

  it('caps every weight of top10-mcap at 25 %', async () => {
    const result = await preview({ indexId: 'top10-mcap' });
    expect(result.legs).toHaveLength(10);
    for (const leg of result.legs) {
      expect(new Dec(leg.indexWeight).lte('0.25')).toBe(true);
      expect(new Dec(leg.targetWeight).lte('0.25')).toBe(true);
    }
    expect(
      sum(result.legs.map((l) => new Dec(l.indexWeight)))
        .minus(1)
        .abs()
        .lte('1e-9'),
    ).toBe(true);
    // The biggest coin is capped: market-cap weighting would give it more.
    expect(result.legs[0]!.indexWeight).toBe('0.25');
  });

  it('blocks a leverage above a leg’s maximum and a margin above the balance', async () => {
    const levered = await preview({ leverage: '100' });
    expect(levered.problems.map((p) => p.code)).toContain('LEVERAGE_TOO_HIGH');
    const huge = await preview({ usdtSize: '90000000' });
    expect(huge.problems.map((p) => p.code)).toContain('INSUFFICIENT_BALANCE');
    expect(huge.problems.find((p) => p.code === 'INSUFFICIENT_BALANCE')!.message).toMatch(/available/);
  });

  it('refuses bad input with the field at fault and changes nothing', async () => {
    const bad = await rejection(preview({ usdtSize: '-5' }));
    expect(bad.code).toBe('INVALID_PAYLOAD');
    expect(bad.issues?.map((i) => i.path)).toEqual(['usdtSize']);
    const unknown = await rejection(preview({ indexId: 'top7-equal' }));
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.message).toMatch(/top10-equal/);
  });

  it('saves, previews and deletes a custom basket, and shows a coin missing from the universe', async () => {
    const { snapshot } = await setup.app.invoke('universe.latest', {});
    const [a, b, c] = snapshot!.assets.map((asset) => asset.symbol);
    const saved = await setup.app.invoke('indices.save', {
      name: 'My three',
      definition: {
        kind: 'basket',
        weighting: 'custom',
        legs: [
          { symbol: a!, weight: '0.5' },
          { symbol: b!, weight: '0.3' },
          { symbol: c!, weight: '0.2' },
        ],
      },
    });
    expect(saved.id).toMatch(/^custom-\d+$/);
    expect(saved.missingSymbols).toEqual([]);
    const result = await preview({ indexId: saved.id });
    expect(result.legs.map((l) => [l.symbol, l.indexWeight])).toEqual([
      [a, '0.5'],
      [b, '0.3'],
      [c, '0.2'],
    ]);

    const renamed = await setup.app.invoke('indices.save', {
      id: saved.id,
      name: 'My three plus',
      definition: {
        kind: 'basket',
        weighting: 'equal',
        legs: [{ symbol: a! }, { symbol: 'NOTACOINUSDT' }],
      },
    });
    expect(renamed.missingSymbols).toEqual(['NOTACOINUSDT']);
    const missing = await preview({ indexId: saved.id });
    expect(missing.problems.map((p) => p.code)).toContain('SYMBOL_NOT_IN_UNIVERSE');
    expect(missing.dropped.map((d) => [d.symbol, d.reason.code])).toEqual([
      ['NOTACOINUSDT', 'NOT_IN_UNIVERSE'],
    ]);

    const list = await setup.app.invoke('indices.list', {});
    expect(list.indices.find((i) => i.id === saved.id)?.name).toBe('My three plus');
    expect(await setup.app.invoke('indices.delete', { id: saved.id })).toEqual({
      id: saved.id,
      deleted: true,
    });
    expect((await rejection(preview({ indexId: saved.id }))).code).toBe('NOT_FOUND');
  });

  it('refuses invalid baskets with a message at the field, and stores nothing', async () => {
    const count = async () =>
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM custom_indices`.execute(
          setup.app.databases().user,
        )
      ).rows[0]!.n;
    const before = await count();
    const save = (definition: unknown, name = 'Bad') =>
      rejection(setup.app.invoke('indices.save', { name, definition } as never));
    const sums = await save({
      kind: 'basket',
      weighting: 'custom',
      legs: [
        { symbol: 'BTCUSDT', weight: '0.5' },
        { symbol: 'ETHUSDT', weight: '0.4' },
      ],
    });
    expect(sums.issues).toEqual([
      { path: 'definition.legs', message: 'the weights add up to 90 %, not 100 %' },
    ]);
    const duplicate = await save({
      kind: 'basket',
      weighting: 'equal',
      legs: [{ symbol: 'BTCUSDT' }, { symbol: 'btcusdt' }],
    });
    expect(duplicate.issues).toEqual([
      { path: 'definition.legs.1.symbol', message: 'BTCUSDT is already leg 1' },
    ]);
    const cap = await save({ kind: 'rule', topN: 3, weighting: 'mcap', cap: '0.25' });
    expect(cap.issues?.[0]?.path).toBe('definition.cap');
    const tooMany = await save({
      kind: 'basket',
      weighting: 'equal',
      legs: Array.from({ length: 51 }, (_, i) => ({ symbol: `C${i}USDT` })),
    });
    expect(tooMany.issues?.[0]).toMatchObject({
      path: 'definition.legs',
      message: 'a basket holds at most 50 coins',
    });
    // Invisible characters in the name: NUL once answered INTERNAL (Postgres cannot store it).
    const equal = {
      kind: 'basket',
      weighting: 'equal',
      legs: [{ symbol: 'BTCUSDT' }, { symbol: 'ETHUSDT' }],
    };
    for (const [name, code] of [
      ['Majors\u0000', 'U+0000'],
      ['Majors\u202E', 'U+202E'],
      ['\u2067Majors', 'U+2067'],
      ['Maj\u200Bors', 'U+200B'],
    ] as const) {
      const refused = await save(equal, name);
      expect(refused.code).toBe('INVALID_PAYLOAD');
      expect(refused.issues).toEqual([{ path: 'name', message: expect.stringContaining(code) }]);
    }
    expect(await count()).toBe(before);
  });

  it('blocks opening on a stale universe, and without a trading key', async () => {
    const db = setup.app.databases().general;
    await sql`UPDATE universe_refresh_runs SET finished_at = now() - interval '40 hours'`.execute(db);
    try {
      expect((await preview({})).problems.map((p) => p.code)).toContain('STALE_UNIVERSE');
    } finally {
      await sql`UPDATE universe_refresh_runs SET finished_at = now()`.execute(db);
    }
    const other = await setup.app.invoke('profiles.create', { name: 'No key' });
    const noKey = await preview({ profileId: other.id });
    expect(noKey.problems.map((p) => p.code)).toEqual(['NO_API_KEY']);
    expect(noKey.legs).toHaveLength(10);
    const readOnly = setup.sim.control.createKey({ readOnly: true });
    await setup.app.invoke('credentials.set', {
      profileId: other.id,
      environment: 'custom',
      customRestUrl: setup.sim.rest,
      customWsUrl: setup.sim.ws,
      ...readOnly,
    });
    expect((await preview({ profileId: other.id })).problems.map((p) => p.code)).toContain('MONITOR_ONLY');
  });

  // Last: it shrinks today's snapshot to twelve coins.
  it('refuses a top N above the universe size, naming topN', async () => {
    const db = setup.app.databases().general;
    await sql`DELETE FROM daily_tradable_assets WHERE market_cap_rank > (
      SELECT market_cap_rank FROM daily_tradable_assets ORDER BY market_cap_rank OFFSET 11 LIMIT 1)`.execute(
      db,
    );
    const refused = await rejection(
      setup.app.invoke('indices.save', {
        name: 'Too big',
        definition: { kind: 'rule', topN: 12, weighting: 'equal', exclude: ['BTCUSDT'] },
      }),
    );
    expect(refused.code).toBe('INVALID_PAYLOAD');
    expect(refused.issues).toEqual([
      { path: 'definition.topN', message: "must be at most 11, the coins in today's universe" },
    ]);
    const fits = await setup.app.invoke('indices.save', {
      name: 'Fits',
      definition: { kind: 'rule', topN: 12, weighting: 'equal', exclude: [] },
    });
    expect(fits.id).toMatch(/^custom-/);
  });
});
