import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { Dec, sum } from '../../../shared/decimal';
import type { Component, PositionDetail } from '../../../shared/domain/positions';
import type { UserDb } from '../db';
import type { Position as BybitRow } from '../exchange';
import { holdingsBySymbol } from '../ledger/position-views';

export interface LegFigureSources {
  db: () => Kysely<UserDb>;
  /** The newest marks of these symbols (live tickers first, a REST read for the rest); missing = unknown. */
  marks(profileId: number, symbols: readonly string[]): Promise<Map<string, Dec>>;
  /** Bybit's position rows of the profile's account (liqPrice), or null when it cannot be read. */
  accountRows(profileId: number): Promise<{ rows: readonly BybitRow[]; marginMode: string } | null>;
}

const zero = new Dec(0);
const text = (value: Dec, places = 8) => value.toDecimalPlaces(places).toFixed();
const live = new Set(['ACTIVE', 'CLOSING', 'EXECUTING']);

/** Funding per symbol shared out to the position (positive = paid). */
async function fundingBySymbol(db: Kysely<UserDb>, id: number): Promise<Map<string, Dec>> {
  const rows = await db
    .selectFrom('position_funding')
    .where('position_id', '=', id)
    .groupBy('symbol')
    .select(['symbol', sql<string>`sum(amount)::text`.as('paid')])
    .execute();
  return new Map(rows.map((row) => [row.symbol, new Dec(row.paid)]));
}

/** Why a leg's liquidation price is not its own alone, in words, or null. */
function sharedBecause(heldAbs: Dec, rows: readonly BybitRow[], marginMode: string): string | null {
  const accountSize = sum(rows.map((row) => new Dec(row.size)));
  if (!accountSize.eq(heldAbs))
    return `Shared: the account holds ${accountSize.toFixed()} on this coin, this position ${heldAbs.toFixed()}.`;
  if (marginMode !== 'ISOLATED_MARGIN') return 'Cross margin: it moves with every position on the account.';
  return null;
}

/**
 * positions.get with each leg's live figures: mark, unrealised (held × (mark − entry) less the leg's own fees
 * and funding, so the legs add up to the position's unrealised PnL, which is then that live sum), its share
 * of the position's current notional, Bybit's liquidation price for the account's row on the coin and the
 * distance to it, funding, fees and realised PnL (its whole result once the position is final).
 */
export async function withLegFigures(
  sources: LegFigureSources,
  detail: PositionDetail,
): Promise<PositionDetail> {
  const { position } = detail;
  const db = sources.db();
  const holdings = holdingsBySymbol(detail.trades);
  const open = live.has(position.status);
  const symbols = detail.components.map((c) => c.symbol);
  const [funding, marks, account] = await Promise.all([
    fundingBySymbol(db, position.id),
    open
      ? sources.marks(position.profileId, symbols).catch(() => new Map<string, Dec>())
      : new Map<string, Dec>(),
    open ? sources.accountRows(position.profileId).catch(() => null) : null,
  ]);
  const notional = (c: Component) => {
    const mark = marks.get(c.symbol);
    return mark ? new Dec(c.heldQuantity).mul(mark).abs() : null;
  };
  const notionals = detail.components.map(notional);
  const totalNotional = notionals.every((n) => n !== null) ? sum(notionals as Dec[]) : null;
  const final = position.status === 'CLOSED' || position.status === 'FAILED';
  let unrealizedSum: Dec | null = open ? zero : null;

  const components = detail.components.map((c, i) => {
    const holding = holdings.get(c.symbol);
    const held = new Dec(c.heldQuantity);
    const fees = holding?.fees ?? zero;
    const paid = funding.get(c.symbol) ?? zero;
    const mark = marks.get(c.symbol) ?? null;
    const entry = holding && !held.isZero() ? holding.averageEntry : null;
    let unrealized: Dec | null = null;
    if (final) unrealized = zero;
    else if (mark) unrealized = (entry ? held.mul(mark.minus(entry)) : zero).minus(fees).minus(paid);
    unrealizedSum = unrealized && unrealizedSum ? unrealizedSum.plus(unrealized) : null;
    const rows = account?.rows.filter((row) => row.symbol === c.symbol && new Dec(row.size).gt(0)) ?? [];
    const liq = rows.length === 1 && rows[0]!.liqPrice !== '' ? new Dec(rows[0]!.liqPrice) : null;
    const realized = final
      ? (holding ? holding.cashFlow.minus(holding.fees) : zero).minus(paid)
      : (holding?.realizedGross ?? zero);
    const cost = entry ? held.abs().mul(entry) : null;
    return {
      ...c,
      markPrice: mark?.toFixed() ?? null,
      ...(unrealized ? { unrealizedPnl: text(unrealized) } : {}),
      unrealizedPercent: unrealized && cost && !cost.isZero() ? text(unrealized.div(cost).mul(100), 4) : null,
      weightNow:
        totalNotional && !totalNotional.isZero() && notionals[i]
          ? text(notionals[i]!.div(totalNotional), 12)
          : null,
      liqPrice: liq?.toFixed() ?? null,
      liqDistancePercent: liq && mark ? text(mark.minus(liq).abs().div(mark).mul(100), 4) : null,
      liqShared: rows.length > 0 ? sharedBecause(held.abs(), rows, account!.marginMode) : null,
      fundingPaid: text(paid),
      realizedPnl: text(realized),
    };
  });
  const liveSum = unrealizedSum as Dec | null;
  return {
    ...detail,
    // The live sum of the legs once every leg has its mark (the stored figure trails it by a few seconds).
    position: open && liveSum ? { ...position, unrealizedPnl: text(liveSum) } : position,
    components,
  };
}
