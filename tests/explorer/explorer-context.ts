/** What every action of the explorer works with: the simulator, the app, the keys, the market, the faults. */
import { RestClientV5 } from 'bybit-api';
import { Dec } from '../../shared/decimal';
import type { ChannelName, RequestOf, ResponseOf } from '../../shared/contract';
import type { SimKey, Simulator } from '../sim';
import type { AppUnderTest } from './app-under-test';
import type { AccountTenure } from './invariants/executions-recorded';
import type { PositionRecord, World } from './invariants/world';

/** The Bybit accounts the trader has keys of; the one stored in Synthex now is `current`. */
export class KeyRing {
  readonly accounts: { key: SimKey; uid: string }[] = [];
  current = 0;
  readonly tenures: AccountTenure[] = [];

  constructor(private readonly sim: Simulator) {}

  /** A new funded account (`/__sim/createKey`), its UID as Bybit's query-api reports it. */
  async create(): Promise<number> {
    const key = this.sim.control.createKey({ balanceUsdt: '10000000' });
    const client = new RestClientV5(
      { key: key.apiKey, secret: key.apiSecret, baseUrl: this.sim.rest },
      { timeout: 10_000 }, // a withheld answer (a fault) is given up on, as any client does
    );
    const info = await client.getQueryApiKey();
    if (info.retCode !== 0) throw new Error(`query-api: ${info.retCode} ${info.retMsg}`);
    this.accounts.push({ key, uid: String(info.result.userID) });
    return this.accounts.length - 1;
  }

  /** The key of account `index` is stored in Synthex from `at`. */
  stored(index: number, at: number): void {
    const open = this.tenures.find((t) => t.to === null);
    if (open) open.to = at;
    this.current = index;
    this.tenures.push({ uid: this.accounts[index]!.uid, from: at, to: null });
  }

  get key(): SimKey {
    return this.accounts[this.current]!.key;
  }
}

export interface InstrumentFilters {
  qtyStep: string;
  minOrderQty: string;
  maxMktOrderQty: string;
  minNotionalValue: string;
}

/** Instrument filters (read once, before any fault) and live prices, over the simulator's public REST. */
export class Market {
  private readonly client: RestClientV5;
  private filters = new Map<string, InstrumentFilters>();

  constructor(sim: Simulator) {
    this.client = new RestClientV5({ baseUrl: sim.rest }, { timeout: 10_000 });
  }

  async load(): Promise<void> {
    const response = await this.client.getInstrumentsInfo({ category: 'linear', limit: 1000 });
    this.filters = new Map(
      response.result.list.map((i) => [
        i.symbol,
        {
          qtyStep: i.lotSizeFilter.qtyStep,
          minOrderQty: i.lotSizeFilter.minOrderQty,
          maxMktOrderQty: i.lotSizeFilter.maxMktOrderQty,
          minNotionalValue: i.lotSizeFilter.minNotionalValue ?? '5',
        },
      ]),
    );
  }

  filtersOf(symbol: string): InstrumentFilters | undefined {
    return this.filters.get(symbol);
  }

  async lastPrice(symbol: string): Promise<Dec | null> {
    const response = await this.client.getTickers({ category: 'linear', symbol });
    const price = response.result?.list?.[0]?.lastPrice;
    return price ? new Dec(price) : null;
  }
}

/** Faults the explorer turned on that stay on until cleared: a settle step clears every one of them. */
export interface StandingFaults {
  latencyMs: number;
  lookupLagMs: number;
  streamFaults: boolean;
  thinBooks: Set<string>;
  lateRejections: Set<string>;
  /** Paths whose rate limit a squeeze lowered. */
  squeezed: Set<string>;
}

export interface ExplorerContext {
  sim: Simulator;
  app: AppUnderTest;
  /** The world as read at the end of the previous step: what the trader sees when choosing. */
  world: World;
  keys: KeyRing;
  market: Market;
  faults: StandingFaults;
  baseLatencyMs: number;
  /** Simulator control routes that exist (`/__sim/liquidate`, …): an action whose route is missing skips. */
  routes: ReadonlySet<string>;
  /** This action's uniform draws in [0, 1): a pure function of the seed and the step. */
  u: readonly number[];
  trace(text: string): void;
  /** A contract call answered in the background; its answer goes to the trace. */
  fire<C extends ChannelName>(
    channel: C,
    payload: RequestOf<C>,
    label: string,
    answered?: (result: ResponseOf<C>) => void,
  ): void;
  /** Stops (SIGTERM) or kills (SIGKILL) headless mode and starts it again, checking it opens (I6). */
  restart(how: 'stop' | 'kill-app' | 'kill-group'): Promise<void>;
  /** I6 now: both databases reachable, every stored key decrypts and signs. */
  checkHealth(why: string): Promise<void>;
  /** Clears every fault and waits (bounded) until every position is at rest; checks I2 fully and I4. */
  settle(why: string): Promise<void>;
  /** A simulator control route over HTTP; null when the simulator does not have it (404). */
  control(route: string, body: unknown): Promise<unknown>;
}

/** The k-th element for a draw u in [0, 1), or undefined for an empty list. */
export function pick<T>(list: readonly T[], u: number): T | undefined {
  return list[Math.min(list.length - 1, Math.floor(u * list.length))];
}

/** Positions by status (ids ascending, so "the k-th" means the same position on a replay). */
export function positionsIn(world: World, statuses: readonly string[]): PositionRecord[] {
  return world.db.positions.filter((p) => statuses.includes(p.status)).sort((a, b) => a.id - b.id);
}

/** What a position's own fills hold on a symbol (repair fills excluded, as the app derives it). */
export function heldBy(world: World, positionId: number, symbol: string): Dec {
  return world.db.trades
    .filter((t) => t.positionId === positionId && t.symbol === symbol && t.kind !== 'repair')
    .reduce((held, t) => held.plus(new Dec(t.quantity).mul(t.side === 'Long' ? 1 : -1)), new Dec(0));
}
