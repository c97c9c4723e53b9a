import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { getPositionRow } from '../../electron/core/ledger/position-repository';
import { recordFunding } from '../../electron/core/positions/account-funding';
import { Dec } from '../../shared/decimal';
import type { PositionDetail } from '../../shared/domain/positions';
import { type SynthexError } from '../../shared/contract';
import { byHand, leg } from '../drift/drift-helpers';
import { useSimCore } from '../support/sim-session';
import { waitFor } from '../support/wait-for';
import { expectNoDuplicateSends, newTrader, openPosition, simNets, waitForStatus } from './position-helpers';

/**
 * "No order creates exposure that no position expects" (docs/architecture.md §7b), as a trader met it:
 * a key of another account behind the profile, a leg closed by hand, funding paid before the close, an IOC
 * leaving a remainder Bybit cannot trade.
 */
const setup = useSimCore({ simulator: { tickIntervalMs: 0 } });

const sendsOf = (apiKey: string) => setup.sim.control.wireSends().filter((s) => s.apiKey === apiKey);

async function activeTop5(profileId: number) {
  const opened = await openPosition(setup.app, { profileId, indexId: 'top5-equal', usdtSize: '1000' });
  return waitForStatus(setup.app, opened.id, ['ACTIVE']);
}

describe('a key of another Bybit account behind the profile', () => {
  it('flags the position, sends nothing to the new account on Close, and lets it be marked closed outside', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'replaced key');
    const active = await activeTop5(trader.profileId);
    expect(active.position.account).toMatch(/^Bybit account /);
    expect(active.position.accountMismatch).toBeNull();

    const other = setup.sim.control.createKey({ balanceUsdt: '1000000' });
    await setup.app.invoke('credentials.set', {
      profileId: trader.profileId,
      environment: 'custom',
      customRestUrl: setup.sim.rest,
      customWsUrl: setup.sim.ws,
      ...other,
    });
    // The view derives the flag from the stored key at once; the history entry follows the key change event.
    const flagged = await waitFor(
      async () => {
        const detail = await setup.app.invoke('positions.get', { id: active.position.id });
        const noted = detail.events.some((e) => e.kind === 'account_mismatch');
        return detail.position.accountMismatch && noted ? detail : null;
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    expect(flagged!.position.accountMismatch).toContain(active.position.account!);

    const refusal = await setup.app.invoke('positions.close', { id: active.position.id }).then(
      () => null,
      (error: unknown) => error as SynthexError,
    );
    expect(refusal?.code).toBe('CONFLICT');
    expect(refusal?.message).toContain('mark it closed outside Synthex');
    await expect(setup.app.invoke('positions.repair', { id: active.position.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(setup.app.invoke('positions.rebalance', { id: active.position.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(sendsOf(other.apiKey)).toEqual([]);

    const marked = await setup.app.invoke('positions.markClosedOutside', { id: active.position.id });
    expect(marked.position.status).toBe('CLOSED');
    const detail = await setup.app.invoke('positions.get', { id: active.position.id });
    expect(
      detail.trades
        .filter((t) => t.kind === 'outside')
        .map((t) => t.symbol)
        .sort(),
    ).toEqual(detail.components.map((c) => c.symbol).sort());
    expect(detail.components.every((c) => new Dec(c.heldQuantity).isZero())).toBe(true);
    expect(detail.events.map((e) => e.kind)).toContain('marked_closed');
    // Nothing ever reached the new account, and the old one still holds the basket (it was never ours to sell).
    expect(sendsOf(other.apiKey)).toEqual([]);
    const old = simNets(setup.sim, trader.key.apiKey);
    for (const component of active.components)
      expect(old.get(component.symbol)?.toFixed(), component.symbol).toBe(component.heldQuantity);
  });
});

describe('a leg closed by hand', () => {
  it('sends nothing for it on Close: every coin of the position ends at 0, and the trades say which leg closed outside', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'hand close');
    const active = await activeTop5(trader.profileId);
    const btc = leg(active, 'BTCUSDT');
    await byHand(setup.sim, trader.key).market('BTCUSDT', 'Sell', btc.heldQuantity, { reduceOnly: true });

    await setup.app.invoke('positions.close', { id: active.position.id });
    const closed = await waitForStatus(setup.app, active.position.id, ['CLOSED']);
    const nets = simNets(setup.sim, trader.key.apiKey);
    for (const component of active.components)
      expect(nets.get(component.symbol)?.toFixed(), component.symbol).toBe('0');
    const outside = closed.trades.filter((t) => t.kind === 'outside');
    expect(outside.map((t) => [t.symbol, t.quantity])).toEqual([['BTCUSDT', btc.heldQuantity]]);
    expect(closed.events.find((e) => e.kind === 'closed_outside')?.symbol).toBe('BTCUSDT');
    // No close order for BTC reached Bybit.
    expect(closed.orders.filter((o) => o.kind === 'close' && o.symbol === 'BTCUSDT')).toEqual([]);
    expectNoDuplicateSends(setup.sim);
  });
});

/** Σ sell value − Σ buy value − fees − funding of the account's fills and settlements, from the simulator. */
function cashFlows(apiKey: string, symbols: readonly string[]): Dec {
  const uid = setup.sim.control
    .ledger()
    .orders.find((o) => sendsOf(apiKey).some((s) => s.orderLinkId === o.orderLinkId))!.uid;
  const { executions, funding } = setup.sim.control.ledger();
  let total = new Dec(0);
  for (const e of executions.filter((x) => x.uid === uid && symbols.includes(x.symbol))) {
    const value = new Dec(e.execQty).mul(e.execPrice);
    total = total.plus(e.side === 'Sell' ? value : value.neg()).minus(e.execFee);
  }
  for (const f of funding.filter((x) => x.uid === uid && symbols.includes(x.symbol)))
    total = total.minus(f.execFee);
  return total;
}

describe('funding paid before the close', () => {
  it('is in the realised PnL stored at close: it equals the cash flows, funding included, to the cent', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'funding');
    const active = await activeTop5(trader.profileId);
    const symbols = active.components.map((c) => c.symbol);
    const settled = setup.sim.control.settleFunding('BTCUSDT');
    expect(settled.length).toBeGreaterThan(0);
    await waitFor(
      async () => {
        const rows = await setup.app
          .databases()
          .user.selectFrom('position_funding')
          .select('exec_id')
          .where('position_id', '=', active.position.id)
          .execute();
        return rows.length > 0;
      },
      { timeoutMs: 10_000 },
    );
    await setup.app.invoke('positions.close', { id: active.position.id });
    const closed: PositionDetail = await waitForStatus(setup.app, active.position.id, ['CLOSED']);
    const expected = cashFlows(trader.key.apiKey, symbols).toDecimalPlaces(2);
    expect(new Dec(closed.position.realizedPnl).toDecimalPlaces(2).toFixed()).toBe(expected.toFixed());
  });
});

describe('a Funding settlement read after the close', () => {
  it('is stored with the closed position’s realised PnL or not at all: a write that fails leaves both to the next read', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'late funding');
    const active = await activeTop5(trader.profileId);
    await setup.app.invoke('positions.close', { id: active.position.id });
    const closed = await waitForStatus(setup.app, active.position.id, ['CLOSED']);
    const db = setup.app.databases().user;
    const row = await getPositionRow(db, closed.position.id);
    const scope = {
      profileId: trader.profileId,
      uid: null,
      environment: row!.environment,
      account: row!.bybit_account!,
    };
    // Settled while the position held BTCUSDT (long: side Buy), between its open and close fills; read only
    // now: 0.5 USDT paid.
    const btc = closed.trades.filter((t) => t.symbol === 'BTCUSDT');
    const opened = Math.max(...btc.filter((t) => t.kind === 'open').map((t) => Date.parse(t.timestamp)));
    const closing = Math.min(...btc.filter((t) => t.kind === 'close').map((t) => Date.parse(t.timestamp)));
    const settledAt = Math.floor((opened + closing) / 2);
    expect(settledAt).toBeGreaterThan(opened);
    const late = {
      execId: `late-${closed.position.id}`,
      execType: 'Funding',
      symbol: 'BTCUSDT',
      side: 'Buy',
      execFee: '0.5',
      execTime: String(settledAt),
    } as const;
    // The realised PnL's update fails once (as if the app died between the two writes).
    await sql`CREATE OR REPLACE FUNCTION test_refuse_update() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$ LANGUAGE plpgsql`.execute(
      db,
    );
    await sql`CREATE TRIGGER test_refuse_realized BEFORE UPDATE ON synthetic_positions FOR EACH ROW WHEN (OLD.realized_pnl IS DISTINCT FROM NEW.realized_pnl) EXECUTE FUNCTION test_refuse_update()`.execute(
      db,
    );
    try {
      await expect(recordFunding(db, scope, [late])).rejects.toThrow(/refused for the test/);
    } finally {
      await sql`DROP TRIGGER test_refuse_realized ON synthetic_positions`.execute(db);
    }
    // The next read of the same settlement (a catch-up after the restart) stores it, and the figure with it.
    expect(await recordFunding(db, scope, [late])).toEqual([closed.position.id]);
    const after = await getPositionRow(db, closed.position.id);
    expect(new Dec(after!.realized_pnl!).toFixed()).toBe(
      new Dec(closed.position.realizedPnl!).minus('0.5').toFixed(),
    );
  });
});

describe('an IOC that leaves a remainder below Bybit’s minimum', () => {
  it('does not roll the basket back: ACTIVE, with the remainder named on the position', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'remainder');
    const preview = await setup.app.invoke('indices.preview', {
      profileId: trader.profileId,
      indexId: 'top5-equal',
      usdtSize: '1000',
      direction: 'long',
    });
    const xrp = preview.legs.find((l) => l.symbol === 'XRPUSDT')!;
    // One unit short of the leg on the book: the IOC fills all but 1 XRP (about 2 USDT, under the 5 USDT minimum).
    setup.sim.control.setBookDepth({
      symbol: 'XRPUSDT',
      levelSize: new Dec(xrp.quantity).minus(1).toFixed(),
      levels: 1,
    });
    try {
      const opened = await openPosition(setup.app, { profileId: trader.profileId, indexId: 'top5-equal' });
      const detail = await waitForStatus(setup.app, opened.id, ['ACTIVE', 'FAILED', 'CLOSING']);
      expect(detail.position.status).toBe('ACTIVE');
      expect(detail.position.isAltered).toBe(false);
      expect(leg(detail, 'XRPUSDT').heldQuantity).toBe(new Dec(xrp.quantity).minus(1).toFixed());
      const remainder = detail.events.find((e) => e.kind === 'remainder');
      expect(remainder?.symbol).toBe('XRPUSDT');
      expect(remainder?.message).toContain('below Bybit');
    } finally {
      setup.sim.control.setBookDepth({ symbol: 'XRPUSDT' });
    }
  });
});
