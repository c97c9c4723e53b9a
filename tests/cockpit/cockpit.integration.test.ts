import { describe, expect, it } from 'vitest';
import { Dec, sum } from '../../shared/decimal';
import type { AccountSummary } from '../../shared/domain/account';
import type { PositionDetail } from '../../shared/domain/positions';
import { openPosition, waitForStatus } from '../positions/position-helpers';
import { rest } from '../sim/__tests__/helpers';
import { useSimCore } from '../support/sim-session';
import { waitFor } from '../support/wait-for';

/**
 * The cockpit over the contract against the simulator, with no price walk (tickIntervalMs 0): every mark
 * is one the test set. The account summary is checked against a computation of its own from the
 * simulator's wallet and position rows (the wire, read with the trader's key); the position's legs against
 * its own totals; the performance series against the realised PnL and BTC's own move.
 */
const setup = useSimCore({
  simulator: { tickIntervalMs: 0, lookupLag: 0 },
  beforeCore: (sim) => sim.control.setPrice('BTCUSDT', '60000'),
  core: { balanceUsdt: '20000' },
});

const updates = () => setup.app.events('account.updated') as AccountSummary[];
const cents = (value: Dec | string) => new Dec(value).toFixed(2);

/** The simulator's own account: Σ over its position rows, its wallet balance and resting orders' margin. */
async function simulatorAccount() {
  const c = rest(setup.sim, setup.key);
  const [wallet, positions] = await Promise.all([
    c.getWalletBalance({ accountType: 'UNIFIED' }),
    c.getPositionInfo({ category: 'linear', settleCoin: 'USDT' }),
  ]);
  const w = wallet.result.list[0]!;
  const rows = positions.result.list.filter((r) => new Dec(r.size).gt(0));
  const upl = sum(rows.map((r) => new Dec(r.unrealisedPnl)));
  const orderIM = new Dec(w.coin.find((coin) => coin.coin === 'USDT')?.totalOrderIM || 0);
  const im = sum(rows.map((r) => new Dec(r.positionIM ?? 0))).plus(orderIM);
  const mm = sum(rows.map((r) => new Dec(r.positionMM ?? 0)));
  const equity = new Dec(w.totalWalletBalance).plus(upl);
  return {
    equity,
    walletBalance: new Dec(w.totalWalletBalance),
    availableBalance: Dec.max(0, equity.minus(im)),
    initialMargin: im,
    maintenanceMargin: mm,
    unrealizedPnl: upl,
    marginRatio: mm.div(equity),
    rows,
    totals: w,
  };
}

/** True when the summary equals the simulator's own figures to the cent. */
async function matchesSimulator(summary: AccountSummary): Promise<boolean> {
  const own = await simulatorAccount();
  return (
    cents(summary.equity) === cents(own.equity) &&
    cents(summary.walletBalance) === cents(own.walletBalance) &&
    cents(summary.availableBalance) === cents(own.availableBalance) &&
    cents(summary.initialMargin) === cents(own.initialMargin) &&
    cents(summary.maintenanceMargin) === cents(own.maintenanceMargin) &&
    cents(summary.unrealizedPnl) === cents(own.unrealizedPnl) &&
    new Dec(summary.marginRatio).toDecimalPlaces(4).eq(own.marginRatio.toDecimalPlaces(4))
  );
}

async function simMark(symbol: string): Promise<Dec> {
  const response = await fetch(`${setup.sim.rest}/v5/market/tickers?category=linear&symbol=${symbol}`);
  const body = (await response.json()) as { result: { list: { markPrice: string }[] } };
  return new Dec(body.result.list[0]!.markPrice);
}

describe('the cockpit', () => {
  let positionId: number;
  let detail: PositionDetail;
  let btcAtOpen: Dec;

  it('account.summary of a fresh account is its wallet: UNIFIED, cross, nothing held', async () => {
    const summary = await waitFor(
      async () => {
        const s = await setup.app.invoke('account.summary', {});
        return s.live ? s : null;
      },
      { timeoutMs: 20_000 },
    );
    expect(summary).toMatchObject({
      profileId: setup.profileId,
      accountType: 'UNIFIED',
      marginMode: 'REGULAR_MARGIN',
      positionMode: 'none',
      openPositions: 0,
    });
    expect(cents(summary!.equity)).toBe('20000.00');
    expect(await matchesSimulator(summary!)).toBe(true);
  }, 60_000);

  it('after a position opens and a price moves, account.updated equals the simulator’s own account to the cent', async () => {
    const opened = await openPosition(setup.app, { indexId: 'top5-equal', usdtSize: '2000', leverage: '5' });
    positionId = opened.id;
    detail = await waitForStatus(setup.app, positionId, ['ACTIVE', 'FAILED']);
    expect(detail.position.status).toBe('ACTIVE');
    btcAtOpen = await simMark('BTCUSDT');
    const moved = detail.components.find((c) => c.symbol !== 'BTCUSDT')!;
    const price = new Dec(moved.averageEntryPrice!).mul('0.96').toDecimalPlaces(2).toFixed();
    const before = updates().length;
    setup.sim.control.setPrice(moved.symbol, price);
    setup.sim.control.publishTickers();
    const target = await simulatorAccount();
    // The event that carries the move: the unrealised PnL of the simulator's rows at the new mark.
    const event = await waitFor(
      () =>
        updates()
          .slice(before)
          .find((u) => cents(u.unrealizedPnl) === cents(target.unrealizedPnl)) ?? null,
      { timeoutMs: 10_000 },
    );
    expect(event!.openPositions).toBe(target.rows.length);
    expect(event!.positionMode).toBe('one-way');
    expect(await matchesSimulator(event!)).toBe(true);
    // The simulator's own totals agree too (the wallet it reports is its positions' sums).
    expect(cents(event!.equity)).toBe(cents(target.totals.totalEquity));
    expect(cents(event!.initialMargin)).toBe(cents(target.totals.totalInitialMargin));
    expect(cents(event!.maintenanceMargin)).toBe(cents(target.totals.totalMaintenanceMargin));
    expect(await matchesSimulator(await setup.app.invoke('account.summary', {}))).toBe(true);
  }, 90_000);

  it('positions.get legs: unrealised sums to the position’s, weightNow sums to 1, liqPrice is Bybit’s and shared under cross', async () => {
    // A position push per symbol after the move carries Bybit's liqPrice for the new marks.
    const got = await waitFor(
      async () => {
        const d = await setup.app.invoke('positions.get', { id: positionId });
        return d.components.every((c) => c.markPrice && c.unrealizedPnl !== undefined) ? d : null;
      },
      { timeoutMs: 10_000 },
    );
    const legs = got!.components;
    const legSum = sum(legs.map((c) => new Dec(c.unrealizedPnl!)));
    expect(legSum.minus(got!.position.unrealizedPnl).abs().lte('0.00000001')).toBe(true);
    const pnl = await setup.app.invoke('pnl.get', {});
    const live = pnl.positions.find((p) => p.id === positionId)!;
    expect(legSum.minus(live.unrealizedPnl).abs().lte('0.00000001')).toBe(true);
    expect(
      sum(legs.map((c) => new Dec(c.weightNow!)))
        .minus(1)
        .abs()
        .lte('0.000000001'),
    ).toBe(true);
    const own = await simulatorAccount();
    for (const leg of legs) {
      const row = own.rows.find((r) => r.symbol === leg.symbol)!;
      expect(leg.liqPrice).toBe(row.liqPrice === '' ? null : new Dec(row.liqPrice).toFixed());
      expect(leg.liqShared).toBe('Cross margin: it moves with every position on the account.');
      expect(new Dec(leg.feesPaid).gt(0)).toBe(true);
    }
  }, 30_000);

  it('performance: through a BTC move and a funding settlement to the close, NAV ends at the realised PnL and BTC moves as BTC did', async () => {
    const opened = await waitFor(
      async () => {
        const p = await setup.app.invoke('positions.performance', { id: positionId });
        return p.benchmark.openMark ? p : null;
      },
      { timeoutMs: 10_000 },
    );
    expect(new Dec(opened!.benchmark.openMark!).eq(btcAtOpen)).toBe(true);
    setup.sim.control.setPrice('BTCUSDT', '63000');
    setup.sim.control.publishTickers();
    const symbol = detail.components[0]!.symbol;
    const uid = setup.sim.control.ledger().orders.find((o) => o.orderLinkId.startsWith('sx-'))!.uid;
    const fee = new Dec(setup.sim.control.settleFunding(symbol).find((e) => e.uid === uid)!.execFee);
    const funded = await waitFor(
      async () => {
        const d = await setup.app.invoke('positions.get', { id: positionId });
        const leg = d.components.find((c) => c.symbol === symbol)!;
        return new Dec(leg.fundingPaid!).eq(fee) ? d : null;
      },
      { timeoutMs: 10_000 },
    );
    expect(funded).not.toBeNull();
    const btcAtClose = await simMark('BTCUSDT');
    await setup.app.invoke('positions.close', { id: positionId });
    const closed = await waitForStatus(setup.app, positionId, ['CLOSED']);
    const performance = await waitFor(
      async () => {
        const p = await setup.app.invoke('positions.performance', { id: positionId });
        return p.benchmark.lastMark ? p : null;
      },
      { timeoutMs: 10_000 },
    );
    const last = performance!.series.at(-1)!;
    expect(performance!.series[0]).toMatchObject({ nav: '0', btc: '0' });
    expect(new Dec(last.nav).eq(closed.position.realizedPnl)).toBe(true);
    expect(new Dec(performance!.benchmark.lastMark!).eq(btcAtClose)).toBe(true);
    const btcMove = new Dec(closed.position.usdtSize).mul(btcAtClose.div(btcAtOpen).minus(1));
    expect(new Dec(last.btc!).eq(btcMove.toDecimalPlaces(8))).toBe(true);
    expect(new Dec(performance!.stats.fundingPaid).eq(fee)).toBe(true);
    const fees = sum(closed.trades.map((t) => new Dec(t.fee)));
    expect(new Dec(performance!.stats.feesPaid).eq(fees)).toBe(true);
    const turnover = sum(closed.trades.map((t) => new Dec(t.quantity).mul(t.price)));
    expect(new Dec(performance!.stats.turnover).eq(turnover)).toBe(true);
    expect(performance!.stats.return).toBe(
      new Dec(closed.position.realizedPnl)
        .div(closed.position.usdtSize)
        .mul(100)
        .toDecimalPlaces(4)
        .toFixed(),
    );
    expect(performance!.stats.btcReturn).toBe(
      btcAtClose.div(btcAtOpen).minus(1).mul(100).toDecimalPlaces(4).toFixed(),
    );
    // A closed position's legs: their realised PnL (funding and fees included) adds up to the position's.
    const legsRealised = sum(closed.components.map((c) => new Dec(c.realizedPnl!)));
    expect(legsRealised.minus(closed.position.realizedPnl).abs().lte('0.00000001')).toBe(true);
  }, 90_000);

  it('positions.exportHistory lists the position, closed, with its realised PnL', async () => {
    const exported = await setup.app.invoke('positions.exportHistory', {});
    const [header, ...lines] = exported.csv.trimEnd().split('\r\n');
    expect(header!.split(',')).toContain('btc_return_percent');
    expect(exported.rows).toBe(lines.length);
    const row = lines.find((line) => line.startsWith(`${positionId},`))!;
    const closed = await setup.app.invoke('positions.get', { id: positionId });
    expect(row.split(',')).toContain(closed.position.realizedPnl);
    expect(row.split(',')).toContain('CLOSED');
  }, 30_000);
});
