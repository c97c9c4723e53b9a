import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../index';
import {
  type PrivateUpdate,
  type SimWsClient,
  SimWsClient as WsClient,
  marketOrder,
  privateUpdates,
  rest,
  waitFor,
} from './helpers';
import { SdkTypes } from './sdk-types';

/**
 * The simulator's answers, field by field, against the `bybit-api` SDK's response types: every field the
 * SDK declares is present with the declared type, or is listed here with the reason the simulator (which
 * follows Bybit's real responses, docs/bybit-v5.md) differs from the SDK's declaration. An entry that no
 * longer matches anything fails too, so the list stays true.
 */
const allowed: Record<string, string> = {
  'AccountOrderV5.isLeverage':
    'Bybit sends "" on linear orders; the SDK declares only the spot margin flag "0" | "1"',
  'AccountOrderV5.marketUnit':
    'Bybit sends "" on linear orders (marketUnit is spot only); the SDK declares "baseCoin" | "quoteCoin"',
  'AccountOrderV5.ocoTriggerType':
    'Bybit names this field ocoTriggerBy ("" on linear), which the simulator sends',
  'AccountOrderV5.stopOrderType': 'Bybit sends "" on a plain (not conditional) order; the SDK union lacks ""',
  'AccountOrderV5.tpTriggerBy': 'Bybit sends "" when no take-profit is set; the SDK union lacks ""',
  'AccountOrderV5.slTriggerBy': 'Bybit sends "" when no stop-loss is set; the SDK union lacks ""',
  'AccountOrderV5.triggerBy': 'Bybit sends "" on a plain order; the SDK union lacks ""',
  'AccountOrderV5.triggerDirection': 'Bybit sends 0 on a plain order; the SDK declares only 1 | 2',
  'AccountOrderV5.smpGroup': 'Bybit documents and sends an integer (0); the SDK declares a string',
  'WSAccountOrderV5.stopOrderType': 'as AccountOrderV5.stopOrderType',
  'WSAccountOrderV5.triggerBy': 'as AccountOrderV5.triggerBy',
  'WSAccountOrderV5.smpGroup': 'as AccountOrderV5.smpGroup',
  'ExecutionV5.orderType':
    'a Funding execution has no order: Bybit sends orderType "UNKNOWN", which the SDK union lacks',
  'WSExecutionV5.orderType': 'as ExecutionV5.orderType',
  'WSExecutionV5.createType':
    'a Funding execution has no order, so no createType (""); the REST type does not declare createType at all',
  'WSAccountOrderV5.marketUnit': 'as AccountOrderV5.marketUnit',
  'WSAccountOrderV5.tpslMode':
    'Bybit sends "" without TP/SL, as the SDK declares on AccountOrderV5.tpslMode but not here',
  'ExecutionV5.stopOrderType': 'Bybit sends "UNKNOWN" on a fill of a plain order; the SDK union lacks it',
  'WSExecutionV5.stopOrderType': 'as ExecutionV5.stopOrderType',
};

let sim: Simulator;
const sdk = new SdkTypes();
const clients: SimWsClient[] = [];
const samples: { type: string; value: unknown }[] = [];
let updates: PrivateUpdate[] = [];

beforeAll(async () => {
  sim = await startSimulator({ seed: 97, tickIntervalMs: 0, lookupLag: 0 });
  sim.control.setPrice('BTCUSDT', '50000');
  const key = sim.control.createKey({ balanceUsdt: '100000' });
  const c = rest(sim, key);
  updates = await privateUpdates(sim, key, clients);
  const created = await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.010', { orderLinkId: 'sdk-1' }));
  const batch = await c.batchSubmitOrders('linear', [
    { symbol: 'ETHUSDT', side: 'Buy', orderType: 'Limit', qty: '0.10', price: '1000', orderLinkId: 'sdk-2' },
    { symbol: 'ETHUSDT', side: 'Buy', orderType: 'Limit', qty: '0.10', price: '1000', orderLinkId: 'sdk-2' },
  ]);
  sim.control.settleFunding('BTCUSDT');
  const tickerWs = new WsClient(sim.ws);
  clients.push(tickerWs);
  const snapshots: unknown[] = [];
  tickerWs.on(
    'update',
    (u: { type: string; data: unknown }) => u.type === 'snapshot' && snapshots.push(u.data),
  );
  await Promise.all(tickerWs.subscribeV5(['tickers.BTCUSDT'], 'linear'));
  await waitFor(() => snapshots.length > 0 && updates.some((u) => u.topic === 'wallet'));

  const list = <T>(res: { result: { list: T[] } }) => res.result.list;
  const add = (type: string, values: unknown[]) => values.forEach((value) => samples.push({ type, value }));
  add('OrderResultV5', [created.result]);
  add('BatchCreateOrderResultV5', list(batch));
  add('BatchOrdersRetExtInfoV5', [batch.retExtInfo]);
  add('AccountOrderV5', [
    ...list(await c.getActiveOrders({ category: 'linear', symbol: 'ETHUSDT' })),
    ...list(await c.getHistoricOrders({ category: 'linear', orderLinkId: 'sdk-1' })),
  ]);
  add('ExecutionV5', list(await c.getExecutionList({ category: 'linear', symbol: 'BTCUSDT' })));
  add('PositionV5', [
    ...list(await c.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })),
    ...list(await c.getPositionInfo({ category: 'linear', symbol: 'SOLUSDT' })),
  ]);
  add('TickerLinearInverseV5', list(await c.getTickers({ category: 'linear', symbol: 'BTCUSDT' })));
  add(
    'LinearInverseInstrumentInfoV5',
    list(await c.getInstrumentsInfo({ category: 'linear', symbol: 'BTCUSDT' })),
  );
  add('WalletBalanceV5', list(await c.getWalletBalance({ accountType: 'UNIFIED' })));
  add('AccountInfoV5', [(await c.getAccountInfo()).result]);
  add('ApiKeyInfoV5', [(await c.getQueryApiKey()).result]);
  const pushed = (topic: string) => updates.filter((u) => u.topic === topic).flatMap((u) => u.data);
  add('WSAccountOrderV5', pushed('order'));
  add('WSExecutionV5', pushed('execution'));
  add('WSPositionV5', pushed('position'));
  add('WSWalletV5', pushed('wallet'));
  add('WSTickerV5', snapshots);
});
afterAll(async () => {
  for (const client of clients) client.closeAll(true);
  await sim.close();
});

describe("the simulator's answers against the bybit-api SDK's response types", () => {
  it('cover every checked type, rows of several kinds (open, filled, rejected, flat, funding)', () => {
    const types = new Set(samples.map((s) => s.type));
    expect(types.size).toBe(16);
    for (const type of types) expect(samples.filter((s) => s.type === type).length, type).toBeGreaterThan(0);
  });

  it('match field by field, except where the allow-list says why', () => {
    const problems = samples.flatMap((s) => sdk.check(s.type, s.value));
    // Paths carry array indexes (WalletBalanceV5.coin[0].equity); the allow-list names fields.
    const field = (path: string) => path.replace(/\[\d+\]/g, '');
    const unexplained = problems
      .filter((p) => !(field(p.path) in allowed))
      .map((p) => `${p.path}: ${p.problem}`);
    expect([...new Set(unexplained)]).toEqual([]);
    const used = new Set(problems.map((p) => field(p.path)));
    expect(Object.keys(allowed).filter((path) => !used.has(path))).toEqual([]);
  });
});
