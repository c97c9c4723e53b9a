/**
 * What the invariant checkers read: the simulator's ledger and wire sends, and rows of the User Data DB.
 * Plain data (decimals as strings, times as epoch ms), so every checker is a pure function of a `World`
 * and a hand-made one is easy to write in a unit test.
 */
import type { Sighting } from '../../sim/bybit/sightings';

/** One execution as the simulator booked it (`ledger().executions` or `.funding`). */
export interface LedgerExecution {
  uid: string;
  execId: string;
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: 'Buy' | 'Sell';
  execQty: string;
  execPrice: string;
  execFee: string;
  /** Trade, Funding, and the adverse ones (BustTrade, AdlTrade, Delivery) once the simulator has them. */
  execType: string;
  /** Epoch ms on the simulator's clock. */
  execTime: number;
}

/** Bybit's own executions (liquidation, ADL, delivery) that the app shares out among the positions holding the side they reduced. */
export const adverseExecTypes: ReadonlySet<string> = new Set(['BustTrade', 'AdlTrade', 'Delivery']);

/** One order the simulator booked: which row of a hedge-mode symbol it traded. */
export interface LedgerOrder {
  uid: string;
  orderId: string;
  orderLinkId: string;
  symbol: string;
  positionIdx: 0 | 1 | 2;
}

/** One orderLinkId as it reached order create / create-batch (`wireSends()`). */
export interface WireSendRecord {
  orderLinkId: string;
  apiKey: string;
  at: number;
  booked: boolean;
}

/** When the app could first have seen an account's state: the simulator's own record (`sightings()`). */
export type SightingRecord = Sighting;

export interface PositionRecord {
  id: number;
  linkKey: string;
  indexId: string;
  /** The Bybit account it lives on (`uid:…`), once bound. */
  account: string | null;
  status: string;
  pendingAction: string | null;
  failureReason: string | null;
  realizedPnl: string | null;
  isAltered: boolean;
  createdAt: number;
  closedAt: number | null;
  /** Columns this checker does not know (a flag a later migration adds says why a position waits). */
  flags: Record<string, unknown>;
}

export interface ComponentRecord {
  id: number;
  positionId: number;
  symbol: string;
  expectedQuantity: string;
}

/** A component snapshot an adoption or a rebalance replaced (`position_component_history`). */
export interface ComponentHistoryRecord {
  positionId: number;
  snapshot: number;
  symbol: string;
  expectedQuantity: string;
  replacedAt: number;
}

export interface OrderRecord {
  orderLinkId: string;
  positionId: number;
  componentId: number;
  symbol: string;
  kind: 'open' | 'close' | 'repair' | 'rebalance';
  createdAt: number;
}

export interface TradeRecord {
  execId: string;
  positionId: number;
  symbol: string;
  side: 'Long' | 'Short';
  price: string;
  quantity: string;
  fee: string;
  kind: string;
  orderLinkId: string | null;
  timestamp: number;
}

export interface OutsideRecord {
  execId: string;
  userId: number;
}

export interface FundingShareRecord {
  positionId: number;
  execId: string;
  amount: string;
}

export interface World {
  ledger: { orders: LedgerOrder[]; executions: LedgerExecution[]; funding: LedgerExecution[] };
  wireSends: WireSendRecord[];
  /** Absent: every fill counts as seen the moment it happened (a stream without faults or latency). */
  sightings?: SightingRecord[];
  db: {
    /**
     * Local ms just before the rows were read: what the app wrote after it (an adoption, a leg recorded as
     * gone, its share of a liquidation) is missing, while the ledger, read after the rows, has every fill up
     * to its own read. Absent: the rows are complete (a hand-made world).
     */
    readAt?: number;
    positions: PositionRecord[];
    components: ComponentRecord[];
    componentHistory: ComponentHistoryRecord[];
    orders: OrderRecord[];
    trades: TradeRecord[];
    outside: OutsideRecord[];
    funding: FundingShareRecord[];
  };
}

export type InvariantId = 'I1' | 'I2' | 'I3' | 'I4' | 'I5' | 'I6';

export interface Violation {
  invariant: InvariantId;
  /** The same key is one finding: a run reports it once however many steps still see it. */
  key: string;
  message: string;
  /** When the violating event happened (epoch ms), when it is one event (a fill). */
  at?: number;
}

/** A world with nothing in it, for tests to fill in. */
export function emptyWorld(): World {
  return {
    ledger: { orders: [], executions: [], funding: [] },
    wireSends: [],
    db: {
      positions: [],
      components: [],
      componentHistory: [],
      orders: [],
      trades: [],
      outside: [],
      funding: [],
    },
  };
}
