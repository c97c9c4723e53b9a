/**
 * Reads the `World` the checkers judge: the simulator's ledger and wire sends (in this process), and the
 * User Data DB over the explorer's own connection. Append-only tables are read from the last id seen, so
 * a long run does not read its whole history every step.
 */
import pg from 'pg';
import type { Simulator } from '../sim';
import type {
  ComponentHistoryRecord,
  FundingShareRecord,
  OrderRecord,
  OutsideRecord,
  PositionRecord,
  TradeRecord,
  World,
} from './invariants/world';

const knownPositionColumns = new Set([
  'id',
  'user_id',
  'request_id',
  'link_key',
  'index_id',
  'bybit_account',
  'index_name',
  'usdt_size',
  'direction',
  'leverage',
  'max_slippage_percent',
  'on_partial_failure',
  'environment',
  'status',
  'is_altered',
  'alteration',
  'altered_at',
  'pending_action',
  'component_snapshot',
  'failure_reason',
  'realized_pnl',
  'unrealized_pnl',
  'opened_at',
  'closed_at',
  'created_at',
  'updated_at',
]);

type Row = Record<string, unknown>;
const ms = (value: unknown) => (value instanceof Date ? value.getTime() : new Date(String(value)).getTime());

/**
 * One append-only table read incrementally by its serial id. Ids are taken in insert order but become
 * visible in commit order, so each read goes back a window behind the highest id seen and keeps what is
 * new: a row committed late under a lower id is not skipped.
 */
class Tail<T> {
  private static readonly window = 500;
  private readonly seen = new Set<number>();
  private lastId = 0;
  readonly rows: T[] = [];
  constructor(
    private readonly select: string,
    private readonly map: (row: Row) => T,
  ) {}
  /** The statement for the next read (the id is a number of ours, safe to inline). */
  sql(): string {
    return `${this.select} WHERE id > ${Math.max(0, this.lastId - Tail.window)} ORDER BY id`;
  }
  take(rows: readonly Row[]): T[] {
    for (const row of rows) {
      const id = Number(row.id);
      if (this.seen.has(id)) continue;
      this.seen.add(id);
      this.rows.push(this.map(row));
      this.lastId = Math.max(this.lastId, id);
    }
    return this.rows;
  }
}

export class WorldReader {
  private client: pg.Client | null = null;
  private readonly trades = new Tail<TradeRecord>(
    'SELECT id, exec_id, position_id, symbol, side, price, quantity, fee, kind, order_link_id, timestamp FROM trades',
    (r) => ({
      execId: String(r.exec_id),
      positionId: Number(r.position_id),
      symbol: String(r.symbol),
      side: r.side as TradeRecord['side'],
      price: String(r.price),
      quantity: String(r.quantity),
      fee: String(r.fee),
      kind: String(r.kind),
      orderLinkId: (r.order_link_id as string | null) ?? null,
      timestamp: ms(r.timestamp),
    }),
  );
  private readonly orders = new Tail<OrderRecord>(
    'SELECT id, order_link_id, position_id, component_id, symbol, kind, created_at FROM position_orders',
    (r) => ({
      orderLinkId: String(r.order_link_id),
      positionId: Number(r.position_id),
      componentId: Number(r.component_id),
      symbol: String(r.symbol),
      kind: r.kind as OrderRecord['kind'],
      createdAt: ms(r.created_at),
    }),
  );
  private readonly outside = new Tail<OutsideRecord>(
    'SELECT id, exec_id, user_id FROM outside_executions',
    (r) => ({ execId: String(r.exec_id), userId: Number(r.user_id) }),
  );
  private readonly funding = new Tail<FundingShareRecord>(
    'SELECT id, position_id, exec_id, amount FROM position_funding',
    (r) => ({ positionId: Number(r.position_id), execId: String(r.exec_id), amount: String(r.amount) }),
  );
  private readonly history = new Tail<ComponentHistoryRecord>(
    'SELECT id, position_id, snapshot, symbol, expected_quantity, replaced_at FROM position_component_history',
    (r) => ({
      positionId: Number(r.position_id),
      snapshot: Number(r.snapshot),
      symbol: String(r.symbol),
      expectedQuantity: String(r.expected_quantity),
      replacedAt: ms(r.replaced_at),
    }),
  );

  constructor(
    private readonly sim: Simulator,
    private readonly userDbUrl: string,
  ) {}

  async read(): Promise<World> {
    const client = await this.connection();
    // One round trip. Orders before trades: a trade read is never newer than the order rows it belongs to.
    const tails = [this.orders, this.history, this.trades, this.outside, this.funding] as const;
    const readAt = Date.now();
    const results = (await client.query<Row>(
      [
        'SELECT * FROM synthetic_positions ORDER BY id',
        'SELECT id, position_id, symbol, expected_quantity FROM position_components',
        ...tails.map((tail) => tail.sql()),
      ].join(';\n'),
    )) as unknown as pg.QueryResult<Row>[];
    const positions = results[0]!.rows.map(positionRecord);
    const components = results[1]!.rows.map((r) => ({
      id: Number(r.id),
      positionId: Number(r.position_id),
      symbol: String(r.symbol),
      expectedQuantity: String(r.expected_quantity),
    }));
    const orders = this.orders.take(results[2]!.rows);
    const componentHistory = this.history.take(results[3]!.rows);
    const trades = this.trades.take(results[4]!.rows);
    const outside = this.outside.take(results[5]!.rows);
    const funding = this.funding.take(results[6]!.rows);
    // The ledger last: every order and fill the rows above name has happened by now.
    const ledger = this.sim.control.ledger();
    return {
      ledger: {
        orders: ledger.orders.map((o) => ({
          uid: o.uid,
          orderId: o.orderId,
          orderLinkId: o.orderLinkId,
          symbol: o.symbol,
          positionIdx: Number(o.positionIdx) as 0 | 1 | 2,
        })),
        executions: ledger.executions.map(execution),
        funding: ledger.funding.map(execution),
      },
      wireSends: this.sim.control.wireSends(),
      sightings: this.sim.control.sightings(),
      db: { readAt, positions, components, componentHistory, orders, trades, outside, funding },
    };
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private async connection(): Promise<pg.Client> {
    if (!this.client) {
      const client = new pg.Client({ connectionString: this.userDbUrl });
      client.on('error', () => (this.client = null));
      await client.connect();
      this.client = client;
    }
    return this.client;
  }
}

function positionRecord(r: Row): PositionRecord {
  const flags: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(r))
    if (!knownPositionColumns.has(column)) flags[column] = value;
  return {
    id: Number(r.id),
    linkKey: String(r.link_key),
    indexId: String(r.index_id),
    account: r.bybit_account === null || r.bybit_account === undefined ? null : String(r.bybit_account),
    status: String(r.status),
    pendingAction: (r.pending_action as string | null) ?? null,
    failureReason: (r.failure_reason as string | null) ?? null,
    realizedPnl: (r.realized_pnl as string | null) ?? null,
    isAltered: Boolean(r.is_altered),
    createdAt: ms(r.created_at),
    closedAt: r.closed_at === null ? null : ms(r.closed_at),
    flags,
  };
}

function execution(e: ReturnType<Simulator['control']['ledger']>['executions'][number]) {
  return {
    uid: e.uid,
    execId: e.execId,
    orderId: e.orderId,
    orderLinkId: e.orderLinkId,
    symbol: e.symbol,
    side: e.side,
    execQty: e.execQty,
    execPrice: e.execPrice,
    execFee: e.execFee,
    execType: e.execType,
    execTime: Number(e.execTime),
  };
}
