/** Helpers for the risk engine's tests: moving marks the way the stream delivers them, reading decisions. */
import { Dec } from '../../shared/decimal';
import type { PnlTick } from '../../shared/domain/pnl';
import type { RiskTrigger, RiskView } from '../../shared/domain/risk';
import type { Simulator } from '../sim';
import type { TestCore } from '../support/core-harness';
import { waitFor } from '../support/wait-for';

/** The simulator's tick size of a symbol (its instruments list). */
export async function tickSize(sim: Simulator, symbol: string): Promise<Dec> {
  const response = await fetch(`${sim.rest}/v5/market/instruments-info?category=linear&symbol=${symbol}`);
  const body = (await response.json()) as { result: { list: { priceFilter: { tickSize: string } }[] } };
  return new Dec(body.result.list[0]!.priceFilter.tickSize);
}

/** `price` on the symbol's tick grid, rounded down. */
export async function onTick(sim: Simulator, symbol: string, price: Dec): Promise<Dec> {
  const tick = await tickSize(sim, symbol);
  return price.div(tick).floor().mul(tick);
}

/**
 * Sets last and mark prices (pinned) and publishes them; resolves once a pnl.tick carries every one of them
 * for the position, so each step has been folded (and evaluated) before the next. A position that left the
 * PnL book (a rule closed it) ends the wait too.
 */
export async function markAndFold(
  app: TestCore,
  sim: Simulator,
  positionId: number,
  prices: ReadonlyMap<string, Dec>,
): Promise<void> {
  const seen = app.events('pnl.tick').length;
  for (const [symbol, price] of prices) sim.control.setPrice(symbol, price.toFixed());
  sim.control.publishTickers();
  await waitFor(
    () =>
      (app.events('pnl.tick') as PnlTick[]).slice(seen).some((tick) => {
        const position = tick.positions.find((p) => p.id === positionId);
        if (!position) return true;
        return [...prices].every(([symbol, price]) => {
          const mark = position.legs?.find((leg) => leg.symbol === symbol)?.markPrice;
          return mark !== null && mark !== undefined && new Dec(mark).eq(price);
        });
      }),
    { timeoutMs: 15_000, intervalMs: 20 },
  );
}

export async function riskView(app: TestCore, positionId: number): Promise<RiskView> {
  return app.invoke('risk.get', { positionId });
}

/** Until the position's newest decision is in one of these states. */
export async function waitForTrigger(
  app: TestCore,
  positionId: number,
  states: RiskTrigger['state'][],
  timeoutMs = 60_000,
): Promise<RiskTrigger> {
  return (await waitFor(
    async () => {
      const [latest] = (await riskView(app, positionId)).triggers;
      return latest && states.includes(latest.state) ? latest : null;
    },
    { timeoutMs, intervalMs: 100 },
  ))!;
}

/**
 * Sends of one position's orders of a kind (o, c, r, b) that reached the simulator: every orderLinkId of a
 * position starts with `sx-<its link key>-` (taken from one of its orders).
 */
export function wireSendsOf(sim: Simulator, anyOrderLinkId: string, kind: 'o' | 'c' | 'r' | 'b') {
  const prefix = anyOrderLinkId.split('-').slice(0, 2).join('-') + '-';
  return sim.control
    .wireSends()
    .filter(
      (send) =>
        send.orderLinkId.startsWith(prefix) && new RegExp(`-${kind}\\d+-\\d+$`).test(send.orderLinkId),
    );
}
