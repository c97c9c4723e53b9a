import { Dec, sum } from '../../../shared/decimal';
import type { Alteration, PendingAction } from '../../../shared/domain/drift';
import type {
  Component,
  OrderKind,
  OrderState,
  Position,
  PositionOrder,
  PositionStatus,
  Trade,
  TradeKind,
} from '../../../shared/domain/positions';
import { foldFills, type Holding } from '../../../shared/positions/holdings';
import { describeAccount } from '../bybit-account/account-ref';
import type { ComponentRow, OrderRow, PositionRow, TradeRow } from './position-repository';

const reconciled = new Set(['ACTIVE', 'EXECUTING', 'CLOSING']);
const open = new Set(['PENDING', ...reconciled]);
const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * Each component's holding from its own fills (trades of the position on the component's symbol).
 * A repair's fills put back what someone else took or added on the account (docs/drift.md): they change
 * the account, not what the position should hold, so only their fees count against the position.
 */
export function holdingsBySymbol(
  trades: readonly Pick<TradeRow, 'symbol' | 'kind' | 'side' | 'price' | 'quantity' | 'fee'>[],
): Map<string, Holding> {
  const bySymbol = new Map<string, (typeof trades)[number][]>();
  for (const trade of trades) bySymbol.set(trade.symbol, [...(bySymbol.get(trade.symbol) ?? []), trade]);
  return new Map(
    [...bySymbol].map(([symbol, fills]) => {
      const holding = foldFills(
        fills
          .filter((t) => t.kind !== 'repair')
          .map((t) => ({
            side: t.side as 'Long' | 'Short',
            price: t.price,
            quantity: t.quantity,
            fee: t.fee,
          })),
      );
      const repairFees = sum(fills.filter((t) => t.kind === 'repair').map((t) => new Dec(t.fee)));
      return [symbol, { ...holding, fees: holding.fees.plus(repairFees) }];
    }),
  );
}

/**
 * Realised PnL: once the position is final, the stored figure (Σ sell − Σ buy − fees); before that, the
 * gains and losses of what has already been reduced (fees stay in the unrealised figure until then).
 */
export function realizedPnl(row: PositionRow, holdings: ReadonlyMap<string, Holding>): Dec {
  if (row.realized_pnl !== null) return new Dec(row.realized_pnl);
  return sum([...holdings.values()].map((h) => h.realizedGross));
}

/** Σ sell value − Σ buy value − fees: what the fills made or cost, the realised PnL of a flat position. */
export function cashResult(holdings: ReadonlyMap<string, Holding>): Dec {
  return sum([...holdings.values()].map((h) => h.cashFlow.minus(h.fees)));
}

/** The account a profile's stored key trades, as positions are bound (accountRef), with its environment. */
export interface KeyAccount {
  account: string;
  environment: string;
}

/** Why orders for this open position are refused while the profile's key is of another account, or null. */
export function accountMismatch(row: PositionRow, key: KeyAccount | null): string | null {
  if (!row.bybit_account || !open.has(row.status) || !key || key.environment !== row.environment) return null;
  if (key.account === row.bybit_account) return null;
  return `This position lives on ${describeAccount(row.bybit_account)}, but the profile’s API key is for ${describeAccount(key.account)}. Synthex sends nothing for it until a key of ${describeAccount(row.bybit_account)} is stored again; or mark it closed outside Synthex.`;
}

export function positionView(
  row: PositionRow,
  legs: number,
  holdings: ReadonlyMap<string, Holding>,
  key: KeyAccount | null = null,
): Position {
  return {
    id: row.id,
    profileId: row.user_id,
    indexId: row.index_id,
    indexName: row.index_name,
    usdtSize: row.usdt_size,
    direction: row.direction as Position['direction'],
    leverage: row.leverage,
    status: row.status as PositionStatus,
    isAltered: row.is_altered,
    // Only an open position is compared with Bybit; a finished one keeps its flag, not a live difference.
    alteration: reconciled.has(row.status) ? ((row.alteration as Alteration | null) ?? null) : null,
    pendingAction: (row.pending_action as PendingAction | null) ?? null,
    unrealizedPnl: row.unrealized_pnl,
    realizedPnl: realizedPnl(row, holdings).toDecimalPlaces(8).toFixed(),
    failureReason: row.failure_reason,
    onPartialFailure: row.on_partial_failure as Position['onPartialFailure'],
    maxSlippagePercent: row.max_slippage_percent,
    environment: row.environment,
    account: row.bybit_account ? describeAccount(row.bybit_account) : null,
    accountMismatch: accountMismatch(row, key),
    legs,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    closedAt: iso(row.closed_at),
  };
}

export function componentView(
  row: ComponentRow,
  holding: Holding | undefined,
  trades: readonly TradeRow[],
  orders: readonly OrderRow[],
): Component {
  const own = trades.filter((t) => t.symbol === row.symbol);
  const last = own.at(-1);
  const latestOrder = orders.filter((o) => o.component_id === row.id).at(-1);
  return {
    id: row.id,
    symbol: row.symbol,
    expectedQuantity: row.expected_quantity,
    heldQuantity: (holding?.quantity ?? new Dec(0)).toFixed(),
    averageEntryPrice:
      holding && !holding.quantity.isZero() ? holding.averageEntry.toDecimalPlaces(12).toFixed() : null,
    targetWeight: row.target_weight,
    referencePrice: row.reference_price,
    feesPaid: (holding?.fees ?? new Dec(0)).toFixed(),
    lastFillAt: last ? iso(last.timestamp) : null,
    orderState: (latestOrder?.state as OrderState | undefined) ?? null,
  };
}

export function tradeView(row: TradeRow): Trade {
  return {
    id: row.id,
    execId: row.exec_id,
    orderLinkId: row.order_link_id,
    bybitOrderId: row.bybit_order_id,
    symbol: row.symbol,
    side: row.side as Trade['side'],
    price: row.price,
    quantity: row.quantity,
    fee: row.fee,
    feeCurrency: row.fee_currency,
    kind: row.kind as TradeKind,
    timestamp: iso(row.timestamp)!,
  };
}

export function orderView(row: OrderRow): PositionOrder {
  return {
    id: row.id,
    componentId: row.component_id,
    symbol: row.symbol,
    kind: row.kind as OrderKind,
    attempt: row.attempt,
    chunk: row.chunk,
    orderLinkId: row.order_link_id,
    side: row.side as PositionOrder['side'],
    quantity: row.quantity,
    limitPrice: row.limit_price,
    reduceOnly: row.reduce_only,
    positionIdx: row.position_idx,
    state: row.state as OrderState,
    bybitOrderId: row.bybit_order_id,
    bybitStatus: row.bybit_status,
    filledQuantity: row.filled_quantity,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}
