import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import type { PnlTick } from '../../shared/domain/pnl';
import { openPosition, waitForStatus } from '../positions/position-helpers';
import { useSimCore } from '../support/sim-session';
import { waitFor } from '../support/wait-for';

/**
 * Live PnL over the contract against the simulator: no price walk (tickIntervalMs 0), so every mark is one
 * the test set, and the public stream ticks only when the test publishes (setPrice + publishTickers).
 */
const setup = useSimCore({ simulator: { tickIntervalMs: 0 } });

const ticks = () => setup.app.events('pnl.tick') as PnlTick[];

async function simMarks(): Promise<Map<string, Dec>> {
  const response = await fetch(`${setup.sim.rest}/v5/market/tickers?category=linear`);
  const body = (await response.json()) as { result: { list: { symbol: string; markPrice: string }[] } };
  return new Map(body.result.list.map((t) => [t.symbol, new Dec(t.markPrice)]));
}

const legOf = (tick: PnlTick, id: number, symbol: string) =>
  tick.positions.find((p) => p.id === id)?.legs?.find((l) => l.symbol === symbol);

/**
 * Sets `symbol`'s price on the simulator and publishes it; the first pnl.tick after that carries the
 * simulator's new mark for the position's leg of `symbol`.
 */
async function priceAndTick(positionId: number, symbol: string, price: string): Promise<PnlTick> {
  const before = ticks().length;
  setup.sim.control.setPrice(symbol, price);
  setup.sim.control.publishTickers();
  const simMark = (await simMarks()).get(symbol)!;
  const tick = await waitFor(
    () =>
      ticks()
        .slice(before)
        .find((t) => legOf(t, positionId, symbol)?.markPrice === simMark.toFixed()) ?? null,
    { timeoutMs: 10_000 },
  );
  return tick!;
}

/** The simulator's own view: its fills of this account and its current marks (REST tickers). */
async function simulatorFigure(symbols: readonly string[]): Promise<Dec> {
  const sent = new Set(
    setup.sim.control
      .wireSends()
      .filter((s) => s.apiKey === setup.key.apiKey)
      .map((s) => s.orderLinkId),
  );
  const fills = setup.sim.control
    .ledger()
    .executions.filter((e) => sent.has(e.orderLinkId) && e.execType === 'Trade');
  const marks = await simMarks();
  // Σ qty × (mark − entry) − fees, with the entry of each leg as the simulator filled it (volume-weighted).
  let total = new Dec(0);
  for (const symbol of symbols) {
    const own = fills.filter((f) => f.symbol === symbol);
    const qty = own.reduce(
      (q, f) => q.plus(f.side === 'Buy' ? f.execQty : new Dec(f.execQty).neg()),
      new Dec(0),
    );
    const cost = own.reduce((c, f) => c.plus(new Dec(f.execQty).mul(f.execPrice)), new Dec(0));
    const entry = cost.div(own.reduce((q, f) => q.plus(f.execQty), new Dec(0)));
    const fees = own.reduce((c, f) => c.plus(f.execFee), new Dec(0));
    total = total.plus(qty.mul(marks.get(symbol)!.minus(entry))).minus(fees);
  }
  return total;
}

describe('live PnL', () => {
  let positionId: number;
  let symbols: string[];
  let closedOn: { figure: string; at: number };

  it('after setPrice on a held symbol, the next pnl.tick carries Σ qty × (mark − entry) − fees from the simulator’s fills, and unrealized_pnl follows', async () => {
    const opened = await openPosition(setup.app, { indexId: 'top5-equal', usdtSize: '1000' });
    positionId = opened.id;
    const active = await waitForStatus(setup.app, positionId, ['ACTIVE', 'FAILED']);
    expect(active.position.status).toBe('ACTIVE');
    symbols = active.components.map((c) => c.symbol);
    // Every held symbol has its snapshot from the stream: the figure is live, not stale.
    await waitFor(() => ticks().some((t) => t.positions.some((p) => p.id === positionId && !p.stale)), {
      timeoutMs: 20_000,
    });
    const moved = symbols[0]!;
    const price = new Dec(active.components[0]!.averageEntryPrice!).mul('1.03').toDecimalPlaces(2).toFixed();
    const tick = await priceAndTick(positionId, moved, price);
    const view = tick.positions.find((p) => p.id === positionId)!;
    const expected = await simulatorFigure(symbols);
    // To the cent, and in fact to a millionth of a USDT.
    expect(new Dec(view.unrealizedPnl).minus(expected).abs().lte('0.000001')).toBe(true);
    expect(tick.total.unrealizedPnl).toBe(view.unrealizedPnl);
    expect(view.stale).toBe(false);
    const got = await setup.app.invoke('pnl.get', {});
    expect(got.positions.find((p) => p.id === positionId)!.unrealizedPnl).toBe(view.unrealizedPnl);

    // unrealized_pnl in the database follows within its throttle (a few seconds).
    const stored = await waitFor(
      async () => {
        const row = await setup.app
          .databases()
          .user.selectFrom('synthetic_positions')
          .select('unrealized_pnl')
          .where('id', '=', positionId)
          .executeTakeFirstOrThrow();
        return new Dec(row.unrealized_pnl).eq(view.unrealizedPnl) ? row.unrealized_pnl : null;
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    expect(new Dec(stored!).eq(view.unrealizedPnl)).toBe(true);
    const listed = await setup.app.invoke('positions.get', { id: positionId });
    expect(new Dec(listed.position.unrealizedPnl).eq(view.unrealizedPnl)).toBe(true);
  }, 90_000);

  it('publishes at most 4 pnl.tick a second under a storm of 1000 ticks a second, and ends on the last price', async () => {
    const moved = symbols[1]!;
    const base = (await simMarks()).get(moved)!;
    const before = ticks().length;
    const start = Date.now();
    let sent = 0;
    let last = '';
    // 1000 ticks a second for 3 seconds, each a different price.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(3000, Math.floor(Date.now() - start));
        while (sent < due) {
          sent += 1;
          last = base
            .mul(new Dec(1).plus(new Dec(sent % 200).div(10_000)))
            .toDecimalPlaces(2)
            .toFixed();
          if (sent === 3000) last = base.mul('1.05').toDecimalPlaces(2).toFixed();
          setup.sim.control.setPrice(moved, last);
          setup.sim.control.publishTickers();
        }
        if (sent >= 3000) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    expect(sent).toBe(3000);
    // Coalescing never holds back the newest figure: the last tick of the storm reaches a pnl.tick.
    const lastMark = (await simMarks()).get(moved)!.toFixed();
    await waitFor(() => legOf(ticks().at(-1)!, positionId, moved)?.markPrice === lastMark, {
      timeoutMs: 10_000,
    });
    const times = ticks()
      .slice(before)
      .map((t) => Date.parse(t.at));
    expect(times.length).toBeGreaterThan(1);
    for (const at of times)
      expect(times.filter((t) => t >= at && t < at + 1000).length).toBeLessThanOrEqual(4);
  }, 60_000);

  it('counts a Funding settlement (execType Funding) in the position figure, once', async () => {
    const symbol = symbols[2]!;
    const before = ticks()
      .at(-1)!
      .positions.find((p) => p.id === positionId)!;
    const settled = setup.sim.control.settleFunding(symbol);
    const uid = setup.sim.control.ledger().orders.find((o) => o.orderLinkId.startsWith('sx-'))!.uid;
    const ours = settled.filter((e) => e.uid === uid);
    expect(ours).toHaveLength(1);
    const fee = new Dec(ours[0]!.execFee);
    const after = await waitFor(
      () => {
        const view = ticks()
          .at(-1)!
          .positions.find((p) => p.id === positionId)!;
        return new Dec(view.fundingPaid).eq(fee) ? view : null;
      },
      { timeoutMs: 10_000 },
    );
    // Same marks: the figure moved by exactly the funding paid.
    const moved = new Dec(before.unrealizedPnl).minus(after!.unrealizedPnl);
    expect(
      moved.minus(fee).abs().lte('0.00000001'),
      `moved ${moved.toFixed()} for a fee of ${fee.toFixed()}`,
    ).toBe(true);
    const stored = await setup.app
      .databases()
      .user.selectFrom('position_funding')
      .selectAll()
      .where('position_id', '=', positionId)
      .execute();
    expect(stored.map((r) => [r.exec_id, new Dec(r.amount).eq(fee)])).toEqual([[ours[0]!.execId, true]]);
  }, 30_000);

  it('fetches a Funding settlement the stream missed over REST, and still counts it once', async () => {
    const symbol = symbols[3]!;
    const paid = () =>
      new Dec(
        ticks()
          .at(-1)!
          .positions.find((p) => p.id === positionId)!.fundingPaid,
      );
    const before = paid();
    setup.sim.control.privateStreamFaultNext({ topic: 'execution', kind: 'drop', apiKey: setup.key.apiKey });
    const uid = setup.sim.control.ledger().orders.find((o) => o.orderLinkId.startsWith('sx-'))!.uid;
    const fee = new Dec(setup.sim.control.settleFunding(symbol).find((e) => e.uid === uid)!.execFee);
    // The push was dropped: nothing arrives by the stream.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(paid().eq(before)).toBe(true);
    // Re-reading the profile (as at start) catches up on the last 7 days of funding.
    await setup.app.invoke('profiles.update', { id: setup.profileId, name: 'Trader (renamed)' });
    await waitFor(() => paid().eq(before.plus(fee)), { timeoutMs: 10_000 });
    await setup.app.invoke('profiles.update', { id: setup.profileId, name: 'Trader' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(paid().eq(before.plus(fee))).toBe(true);
    const rows = await setup.app
      .databases()
      .user.selectFrom('position_funding')
      .select('exec_id')
      .where('position_id', '=', positionId)
      .execute();
    expect(new Set(rows.map((r) => r.exec_id)).size).toBe(rows.length);
    expect(rows).toHaveLength(2);
  }, 30_000);

  it('closing the position takes it out of the figures and leaves no unrealised PnL stored', async () => {
    // A last move before the close, so the figure it closes on is one no minute snapshot has seen yet.
    const moved = symbols[2]!;
    const lastTick = await priceAndTick(
      positionId,
      moved,
      (await simMarks()).get(moved)!.mul('0.97').toDecimalPlaces(2).toFixed(),
    );
    const lastFigure = lastTick.positions.find((p) => p.id === positionId)!.unrealizedPnl;
    await setup.app.invoke('positions.close', { id: positionId });
    const closed = await waitForStatus(setup.app, positionId, ['CLOSED']);
    await waitFor(
      () =>
        ticks()
          .at(-1)!
          .positions.some((p) => p.id === positionId)
          ? null
          : true,
      {
        timeoutMs: 10_000,
      },
    );
    // The figure leaves the ticks when the position leaves ACTIVE (CLOSING keeps its last live figure
    // stored); the zero is written when the CLOSED update reaches the PnL engine, a moment later.
    const stored = () =>
      setup.app
        .databases()
        .user.selectFrom('synthetic_positions')
        .select('unrealized_pnl')
        .where('id', '=', positionId)
        .executeTakeFirstOrThrow();
    await waitFor(async () => new Dec((await stored()).unrealized_pnl).isZero() || null, {
      timeoutMs: 10_000,
    });
    expect(ticks().at(-1)!.total.unrealizedPnl).toBe('0');

    closedOn = { figure: lastFigure, at: Date.parse(closed.position.closedAt!) };
  }, 60_000);

  it('a closed position’s line stays in the history, ending at the close on its last live figure', async () => {
    const history = await setup.app.invoke('pnl.history', { positionIds: [positionId], hours: 24 });
    const last = history.positions[0]!.points.at(-1)!;
    expect(
      new Dec(last.unrealizedPnl).eq(closedOn.figure),
      `${last.unrealizedPnl} ≠ ${closedOn.figure}`,
    ).toBe(true);
    // In the minute it left the live figures (the close's, or the one before when it crossed a minute).
    expect(Date.parse(last.at)).toBeLessThanOrEqual(closedOn.at);
    expect(closedOn.at - Date.parse(last.at)).toBeLessThan(2 * 60_000);
  });
});
