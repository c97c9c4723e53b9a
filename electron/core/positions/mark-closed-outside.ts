import type { Kysely } from 'kysely';
import { Dec } from '../../../shared/decimal';
import { describeAccount } from '../bybit-account/account-ref';
import type { ExchangeSessions } from '../bybit-account/exchange-sessions';
import type { UserDb } from '../db';
import type { Logger } from '../util/logger';
import { recordPositionEvents } from './position-events';
import {
  componentRows,
  insertTrade,
  tradeRows,
  updatePosition,
  type PositionRow,
} from '../ledger/position-repository';
import { holdingsBySymbol } from '../ledger/position-views';
import { realizedOf } from './realized-pnl';

/** The latest mark prices where the profile's key reaches the same environment's market data, else none. */
async function marks(
  sessions: ExchangeSessions,
  row: PositionRow,
  symbols: readonly string[],
): Promise<Map<string, string>> {
  const session = await sessions.account(row.user_id).catch(() => null);
  if (!session || session.endpoints.environment !== row.environment) return new Map();
  const tickers = await sessions
    .prices(session.endpoints)
    .tickers(symbols)
    .catch(() => new Map());
  return new Map([...tickers].map(([symbol, ticker]) => [symbol, ticker.markPrice as string]));
}

/**
 * Records a position Synthex can no longer reach as closed outside Synthex (positions.markClosedOutside):
 * nothing is sent; each leg's holding becomes a trade of kind `outside` at the latest mark price (or, without
 * one, at its own entry, so it adds no gain or loss), the position is CLOSED with the realised PnL those
 * imply, and its history says so.
 */
export async function markClosedOutside(
  db: Kysely<UserDb>,
  row: PositionRow,
  sessions: ExchangeSessions,
  logger: Logger,
): Promise<PositionRow> {
  const [components, trades] = await Promise.all([componentRows(db, [row.id]), tradeRows(db, [row.id])]);
  const holdings = holdingsBySymbol(trades);
  const held = components.filter((c) => !(holdings.get(c.symbol)?.quantity ?? new Dec(0)).isZero());
  const prices = await marks(
    sessions,
    row,
    held.map((c) => c.symbol),
  );
  const at = new Date();
  const booked: string[] = [];
  for (const component of held) {
    const holding = holdings.get(component.symbol)!;
    const mark = prices.get(component.symbol);
    const price = mark && new Dec(mark).gt(0) ? new Dec(mark) : holding.averageEntry;
    await insertTrade(db, {
      positionId: row.id,
      orderLinkId: null,
      bybitOrderId: '',
      execId: `marked:${row.id}:${component.id}`,
      symbol: component.symbol,
      side: holding.quantity.isPositive() ? 'Short' : 'Long',
      price: price.toDecimalPlaces(12).toFixed(),
      quantity: holding.quantity.abs().toFixed(),
      fee: '0',
      feeCurrency: 'USDT',
      kind: 'outside',
      timestamp: at,
    });
    booked.push(
      `${component.symbol} ${holding.quantity.toFixed()} at ${price.toDecimalPlaces(8).toFixed()}${mark ? '' : ' (its entry; no mark price)'}`,
    );
  }
  const realized = (await realizedOf(db, row.id)).toDecimalPlaces(8);
  const final = await updatePosition(db, row.id, {
    status: 'CLOSED',
    closedAt: at,
    realizedPnl: realized.toFixed(),
    failureReason: null,
  });
  const where = row.bybit_account ? describeAccount(row.bybit_account) : 'its Bybit account';
  await recordPositionEvents(db, [
    {
      positionId: row.id,
      kind: 'marked_closed',
      message: `Marked closed outside Synthex by the trader; nothing was sent to ${where}. Booked at the latest mark: ${booked.join(', ') || 'nothing was held'}. Realised PnL ${realized.toFixed(2)} USDT.`,
    },
  ]);
  logger.info('position marked closed outside Synthex', { positionId: row.id, legs: booked.length });
  return final;
}
