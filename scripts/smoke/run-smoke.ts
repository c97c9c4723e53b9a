/**
 * The smoke test's steps, through Synthex's own contract (the path a trader's clicks take) and, to check it,
 * Bybit's own execution list: store the key (validated by Bybit), wait for the day's universe, preview
 * the smallest Top 5 Bybit allows, open it, wait for ACTIVE, close it, wait for CLOSED, compare the fills.
 */
import { Dec, sum } from '../../shared/decimal';
import type { AccountMode } from '../../shared/domain/credentials';
import type { PositionDetail } from '../../shared/domain/positions';
import type { BybitGateway, Execution } from '../../electron/core/exchange';
import type { ContractClient } from '../../tests/support/headless-process';
import { compareFills, type FillComparison } from './compare-fills';
import type { SmokeOptions } from './options';

export interface RoundTrip {
  positionId: number;
  usdtSize: string;
  legs: string[];
  openMs: number;
  closeMs: number | null;
  status: string;
  failure: string | null;
  orders: { total: number; filled: number; cancelled: number; rejected: number; unknown: number };
  fills: number;
  feesUsdt: string;
  bybitFeesUsdt: string;
  comparison: FillComparison;
}

export interface SmokeReport {
  env: string;
  equity: string | null;
  account: AccountMode | null;
  keyCheckMs: number;
  universeMs: number;
  minimumUsdt: string;
  roundTrips: RoundTrip[];
}

type Say = (line: string) => void;
const indexId = 'top5-equal';
/** Real Bybit can take a while under load; these bound the waits, they are no verdict on speed. */
const positionDeadlineMs = 180_000;
const fillsDeadlineMs = 60_000;

async function until<T>(what: string, deadlineMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const found = await probe();
    if (found !== null) return found;
    if (Date.now() >= deadline) throw new Error(`${what} did not happen within ${deadlineMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = Date.now();
  const result = await work();
  return [result, Date.now() - started];
};

/** The size to open: the preview's minimum with 5 % room for the price to move, in whole USDT. */
async function chooseSize(
  client: ContractClient,
  options: SmokeOptions,
): Promise<{ minimum: Dec; size: Dec }> {
  const probe = await client.invoke('indices.preview', { indexId, usdtSize: '100', direction: 'long' });
  if (!probe.minimumUsdtSize)
    throw new Error('Synthex could not work out the smallest Top 5 Bybit allows (no prices?).');
  const minimum = new Dec(probe.minimumUsdtSize);
  const size = minimum.mul('1.05').ceil();
  if (options.maxUsdt && size.gt(options.maxUsdt))
    throw new Error(
      `The smallest Top 5 Bybit allows needs about ${size.toFixed()} USDT, more than --max-usdt ${options.maxUsdt.toFixed()}.`,
    );
  return { minimum, size };
}

async function waitForStatus(client: ContractClient, id: number, wanted: string): Promise<PositionDetail> {
  return until(`position ${id} becoming ${wanted}`, positionDeadlineMs, async () => {
    const detail = await client.invoke('positions.get', { id });
    const status = detail.position.status;
    if (status === wanted || status === 'FAILED' || (wanted === 'ACTIVE' && status === 'CLOSED'))
      return detail;
    return null;
  });
}

/** Bybit's fills of every order the position sent, once Bybit's (lagging) execution list shows them all. */
async function bybitFills(bybit: BybitGateway, detail: PositionDetail): Promise<Execution[]> {
  const orders = detail.orders.filter(
    (order) => order.bybitOrderId && !new Dec(order.filledQuantity).isZero(),
  );
  return until("Bybit's execution list showing every fill", fillsDeadlineMs, async () => {
    const fills: Execution[] = [];
    for (const order of orders) {
      const listed = await bybit.getExecutions({ symbol: order.symbol, orderId: order.bybitOrderId! });
      if (!sum(listed.map((fill) => new Dec(fill.execQty))).eq(order.filledQuantity)) return null;
      fills.push(...listed);
    }
    return fills;
  });
}

async function roundTrip(
  client: ContractClient,
  bybit: BybitGateway,
  size: Dec,
  say: Say,
): Promise<RoundTrip> {
  const preview = await client.invoke('indices.preview', {
    indexId,
    usdtSize: size.toFixed(),
    direction: 'long',
  });
  const legs = preview.legs.map((leg) => `${leg.symbol} ${leg.quantity}`);
  say(`Opening Top 5 long, ${size.toFixed()} USDT: ${legs.join(', ')}`);
  // At Bybit's minimum sizes the rounding is coarse by nature; the smoke test checks the mechanics, not
  // how closely so small a basket tracks its index, so it acknowledges (and prints) what the app asks for.
  const acknowledgement = preview.acknowledgement;
  if (acknowledgement) say(`Acknowledging for this test: ${acknowledgement.message}`);
  const [opened, openMs] = await timed(async () => {
    const { position } = await client.invoke('positions.open', {
      requestId: crypto.randomUUID(),
      indexId,
      usdtSize: size.toFixed(),
      direction: 'long',
      ...(acknowledgement && { acknowledgedDropped: acknowledgement.symbols }),
    });
    return waitForStatus(client, position.id, 'ACTIVE');
  });
  const id = opened.position.id;
  let closeMs: number | null = null;
  let final = opened;
  if (opened.position.status === 'ACTIVE') {
    say(`Position ${id} is ACTIVE after ${openMs} ms; closing it.`);
    try {
      [final, closeMs] = await timed(async () => {
        await client.invoke('positions.close', { id });
        return waitForStatus(client, id, 'CLOSED');
      });
    } catch (error) {
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}. Position ${id} (${legs.join(', ')}) may still ` +
          'be open on Bybit: check Derivatives → Positions there and close what is left.',
      );
    }
  }
  say(`Position ${id} is ${final.position.status}; reading Bybit's execution list.`);
  const fills = await bybitFills(bybit, final);
  const count = (state: string) => final.orders.filter((order) => order.state === state).length;
  return {
    positionId: id,
    usdtSize: size.toFixed(),
    legs,
    openMs,
    closeMs,
    status: final.position.status,
    failure: final.position.failureReason,
    orders: {
      total: final.orders.length,
      filled: count('filled'),
      cancelled: count('cancelled'),
      rejected: count('rejected'),
      unknown: count('unknown') + count('intent') + count('accepted'),
    },
    fills: final.trades.length,
    feesUsdt: sum(final.trades.map((trade) => new Dec(trade.fee))).toFixed(),
    bybitFeesUsdt: sum(fills.map((fill) => new Dec(fill.execFee))).toFixed(),
    comparison: compareFills(fills, final.trades),
  };
}

export async function runSmoke(
  client: ContractClient,
  bybit: BybitGateway,
  options: SmokeOptions,
  say: Say,
): Promise<SmokeReport> {
  await client.invoke('profiles.create', { name: 'Smoke test', select: true });
  say(`Storing the key for ${options.env} (Synthex validates it with Bybit)…`);
  const [status, keyCheckMs] = await timed(() =>
    client.invoke('credentials.set', {
      environment: options.env,
      ...(options.env === 'custom'
        ? { customRestUrl: options.customRestUrl, customWsUrl: options.customWsUrl }
        : {}),
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
    }),
  );
  if (status.credential?.monitorOnly)
    throw new Error(status.credential.monitorOnlyReason ?? 'The key cannot trade.');
  const check = status.check?.ok ? status.check : null;
  say("Waiting for today's universe (Bybit's instruments and market-cap ranks)…");
  const [, universeMs] = await timed(() =>
    until("the day's universe", positionDeadlineMs, async () => {
      const state = await client.invoke('universe.latest', {});
      if (!state.snapshot && !state.running) await client.invoke('universe.refresh', {});
      return state.snapshot ? true : null;
    }),
  );
  const { minimum, size } = await chooseSize(client, options);
  const trips: RoundTrip[] = [];
  for (let i = 0; i < options.roundTrips; i++) trips.push(await roundTrip(client, bybit, size, say));
  return {
    env: options.env,
    equity: check?.totalEquity ?? null,
    account: check?.account ?? null,
    keyCheckMs,
    universeMs,
    minimumUsdt: minimum.toFixed(),
    roundTrips: trips,
  };
}
