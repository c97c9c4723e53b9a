/** Helpers for drift tests: a second client on the trader's account, and reading the altered flag. */
import { sql } from 'kysely';
import { expect } from 'vitest';
import { Dec } from '../../shared/decimal';
import type { Position, PositionDetail } from '../../shared/domain/positions';
import type { TestCore } from '../support/core-harness';
import { waitFor } from '../support/wait-for';
import { byHand } from '../support/by-hand';

export { byHand };

/** The database's own altered flag and stored difference of a position. */
export async function alteredRow(app: TestCore, id: number) {
  return app
    .databases()
    .user.selectFrom('synthetic_positions')
    .select(['is_altered', 'alteration', 'pending_action'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export async function waitAltered(app: TestCore, id: number, altered: boolean, timeoutMs = 10_000) {
  const row = await waitFor(
    async () => {
      const row = await alteredRow(app, id);
      return row.is_altered === altered && row.pending_action === null ? row : null;
    },
    { timeoutMs, intervalMs: 20 },
  );
  return row!;
}

/** The leg of the detail with this symbol. */
export function leg(detail: PositionDetail, symbol: string) {
  const found = detail.components.find((c) => c.symbol === symbol);
  expect(found, symbol).toBeDefined();
  return found!;
}

/** Σ expectedQuantity per symbol of the positions: what the account should hold by the components. */
export function componentNets(details: readonly PositionDetail[]): Map<string, Dec> {
  const nets = new Map<string, Dec>();
  for (const detail of details)
    for (const c of detail.components)
      nets.set(c.symbol, (nets.get(c.symbol) ?? new Dec(0)).plus(c.expectedQuantity));
  return nets;
}

/** The account's nets from Bybit's own position list (the simulator's truth for this key). */
export async function accountNets(hand: ReturnType<typeof byHand>): Promise<Map<string, Dec>> {
  const response = await hand.client.getPositionInfo({ category: 'linear', settleCoin: 'USDT' });
  const nets = new Map<string, Dec>();
  for (const row of response.result.list) {
    const size = new Dec(row.size || '0');
    const signed = row.side === 'Buy' ? size : row.side === 'Sell' ? size.neg() : new Dec(0);
    nets.set(row.symbol, (nets.get(row.symbol) ?? new Dec(0)).plus(signed));
  }
  return nets;
}

export function expectNetsEqual(actual: Map<string, Dec>, expected: Map<string, Dec>) {
  const symbols = new Set([...actual.keys(), ...expected.keys()]);
  for (const symbol of symbols)
    expect((actual.get(symbol) ?? new Dec(0)).toFixed(), symbol).toBe(
      (expected.get(symbol) ?? new Dec(0)).toFixed(),
    );
}

export function updatedEvents(app: TestCore, id: number): Position[] {
  return (app.events('positions.updated') as Position[]).filter((p) => p.id === id);
}

/** Today's snapshot as a refresh would leave it: XRP gone, TRX up to rank 3; the run log says it changed. */
export async function changeTheUniverse(app: TestCore) {
  const general = app.databases().general;
  const { fetch_date: today } = await general
    .selectFrom('daily_tradable_assets')
    .select('fetch_date')
    .orderBy('fetch_date', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  await sql`DELETE FROM daily_tradable_assets WHERE fetch_date = ${today} AND symbol = 'XRPUSDT'`.execute(
    general,
  );
  await sql`UPDATE daily_tradable_assets SET market_cap_rank = 3 WHERE fetch_date = ${today} AND symbol = 'TRXUSDT'`.execute(
    general,
  );
  await sql`UPDATE universe_refresh_runs SET finished_at = now() WHERE id = (SELECT max(id) FROM universe_refresh_runs WHERE status = 'succeeded')`.execute(
    general,
  );
}
