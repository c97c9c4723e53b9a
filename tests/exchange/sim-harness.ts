/** Shared set-up for the gateway's integration tests: the simulator, keys, gateways and order sizes. */
import Decimal from 'decimal.js';
import { startSimulator, type SimulatorOptions } from '../sim/index';
import { fileFixture } from '../support/file-fixture';
import { exchangeEndpoints, type ExchangeEndpoints } from '../../electron/core/exchange/environments';
import { BybitGateway, type BybitGatewayOptions } from '../../electron/core/exchange/gateway';
import { BybitStreams, type BybitStreamsOptions } from '../../electron/core/exchange/streams';
import type { Instrument, OrderRequest, Ticker } from '../../electron/core/exchange/types';
import type { Logger } from '../../electron/core/util/logger';

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

export { startSimulator };

/** One simulator for a gateway test file: started before its tests with `options`, closed after them. */
export function useFileSimulator(options: SimulatorOptions): Simulator {
  return fileFixture(
    () => startSimulator(options),
    async (started) => {
      await started?.close();
    },
  );
}

export function simEndpoints(sim: Simulator): ExchangeEndpoints {
  return exchangeEndpoints({ exchangeEnvironment: 'custom', customRestUrl: sim.rest, customWsUrl: sim.ws });
}

/** What every client of the simulator is given: its endpoints, the key, and where to log. */
function simClient(sim: Simulator, key: { apiKey: string; apiSecret: string }, logger: Logger) {
  return { endpoints: simEndpoints(sim), credentials: key, logger };
}

export function newGateway(
  sim: Simulator,
  logger: Logger,
  key: { apiKey: string; apiSecret: string } = sim.control.createKey({ balanceUsdt: '1000000' }),
  options: Partial<BybitGatewayOptions> = {},
): BybitGateway {
  return new BybitGateway({
    ...simClient(sim, key, logger),
    requestTimeoutMs: 2000,
    placement: { lookupDelayMs: 50 },
    ...options,
  });
}

export function newStreams(
  sim: Simulator,
  gateway: BybitGateway,
  key: { apiKey: string; apiSecret: string },
  logger: Logger,
  options: Partial<BybitStreamsOptions> = {},
): BybitStreams {
  return new BybitStreams({
    ...simClient(sim, key, logger),
    gateway,
    reconnectDelayMs: 200,
    ...options,
  });
}

/** The smallest quantity on the step that clears both minimum quantity and minimum value (×1.5). */
export function orderQty(instrument: Instrument, price: string): string {
  const step = new Decimal(instrument.qtyStep);
  const byValue = new Decimal(instrument.minNotionalValue || '5').times('1.5').dividedBy(price);
  const raw = Decimal.max(byValue, new Decimal(instrument.minOrderQty));
  return raw.dividedBy(step).ceil().times(step).toFixed(step.decimalPlaces());
}

/** `count` market orders on distinct tradable USDT perpetuals, each just above the minimums. */
export async function marketOrders(
  gateway: BybitGateway,
  count: number,
  prefix: string,
  side: 'Buy' | 'Sell' = 'Buy',
): Promise<OrderRequest[]> {
  const instruments = (await gateway.getInstruments()).filter(
    (i) => i.status === 'Trading' && i.contractType === 'LinearPerpetual' && i.quoteCoin === 'USDT',
  );
  const tickers = new Map<string, Ticker>((await gateway.getTickers()).map((t) => [t.symbol, t]));
  const orders: OrderRequest[] = [];
  for (const instrument of instruments) {
    const ticker = tickers.get(instrument.symbol);
    if (!ticker || !ticker.lastPrice) continue;
    orders.push({
      symbol: instrument.symbol,
      side,
      orderType: 'Market',
      qty: orderQty(instrument, ticker.ask1Price || ticker.lastPrice),
      orderLinkId: `${prefix}-${orders.length}`,
    });
    if (orders.length === count) break;
  }
  if (orders.length < count) throw new Error(`only ${orders.length} tradable instruments`);
  return orders;
}

/** How many ledger orders carry each orderLinkId (to prove nothing was sent twice). */
export function ledgerCount(sim: Simulator, orderLinkIds: string[]): Map<string, number> {
  const counts = new Map<string, number>(orderLinkIds.map((id) => [id, 0]));
  for (const order of sim.control.ledger().orders as { orderLinkId?: string }[]) {
    if (order.orderLinkId && counts.has(order.orderLinkId))
      counts.set(order.orderLinkId, counts.get(order.orderLinkId)! + 1);
  }
  return counts;
}

/** How many times each orderLinkId reached the simulator's order endpoints (before any check). */
export function wireCount(sim: Simulator, orderLinkIds: string[]): number[] {
  const sends = sim.control.wireSends();
  return orderLinkIds.map((id) => sends.filter((s) => s.orderLinkId === id).length);
}

/** Settings that keep the resend rule's wait short in tests: 1000 ms recv window + 500 ms settle. */
export const shortResendRule = {
  recvWindowMs: 1000,
  placement: { lookupDelayMs: 50, settleMs: 500 },
} as const;
