import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type {
  LegProtection,
  RiskAction,
  RiskRuleName,
  RiskRules,
  TriggerState,
} from '../../../shared/domain/risk';
import type { UserDb } from '../db';

type Db = Kysely<UserDb> | Transaction<UserDb>;

export type RulesRow = Selectable<UserDb['position_risk_rules']>;
export type TriggerRow = Selectable<UserDb['position_risk_triggers']>;

/** Bybit's stops of one position, per symbol, as position_risk_rules.protection keeps them. */
export type ProtectionState = Record<string, LegProtection & { positionIdx: 0 | 1 | 2 | null }>;

export const rulesOf = (row: RulesRow): RiskRules => row.rules as RiskRules;
export const protectionOf = (row: Pick<RulesRow, 'protection'>): ProtectionState =>
  (row.protection ?? {}) as ProtectionState;

/**
 * Arms (or re-arms) a position's rules: the trailing stop's best PnL and break-even start again from now,
 * since both are "since the rules were set". What Bybit's stops are stays as it is until the next sync.
 */
export async function storeRules(db: Db, positionId: number, rules: RiskRules): Promise<RulesRow> {
  return db
    .insertInto('position_risk_rules')
    .values({ position_id: positionId, rules: JSON.stringify(rules) })
    .onConflict((oc) =>
      oc.column('position_id').doUpdateSet({
        rules: JSON.stringify(rules),
        armed_at: sql`now()`,
        peak_pnl: null,
        break_even_level: null,
        updated_at: sql`now()`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function rulesRow(db: Db, positionId: number): Promise<RulesRow | undefined> {
  return db
    .selectFrom('position_risk_rules')
    .selectAll()
    .where('position_id', '=', positionId)
    .executeTakeFirst();
}

/** Rules of every position that can still act on them (not CLOSED or FAILED), with the position's status. */
export async function liveRulesRows(db: Db): Promise<RulesRow[]> {
  return db
    .selectFrom('position_risk_rules as r')
    .innerJoin('synthetic_positions as p', 'p.id', 'r.position_id')
    .selectAll('r')
    .where('p.status', 'in', ['PENDING', 'EXECUTING', 'ACTIVE', 'CLOSING'])
    .execute();
}

/** Clears the rules; the row stays with its protection state until Bybit's stops are gone. */
export async function clearRules(db: Db, positionId: number): Promise<void> {
  await db.deleteFrom('position_risk_rules').where('position_id', '=', positionId).execute();
}

export async function saveMemory(
  db: Db,
  positionId: number,
  memory: { peakPnl?: string | null; breakEvenLevel?: string | null },
): Promise<void> {
  await db
    .updateTable('position_risk_rules')
    .set({
      ...(memory.peakPnl !== undefined && { peak_pnl: memory.peakPnl }),
      ...(memory.breakEvenLevel !== undefined && { break_even_level: memory.breakEvenLevel }),
      updated_at: sql`now()`,
    })
    .where('position_id', '=', positionId)
    .execute();
}

export async function saveProtection(db: Db, positionId: number, protection: ProtectionState): Promise<void> {
  await db
    .updateTable('position_risk_rules')
    .set({ protection: JSON.stringify(protection), updated_at: sql`now()` })
    .where('position_id', '=', positionId)
    .execute();
}

// ---- the decision log ---------------------------------------------------------------------------------

export interface NewTrigger {
  positionId: number;
  rule: RiskRuleName;
  action: RiskAction;
  /** What makes it fire once: "close", the calendar slot, the coin to exit. */
  slot: string;
  slotAt?: Date | null;
  pnlSeen: string | null;
  level: string | null;
  marks: Record<string, string>;
  componentSnapshot: number;
}

/**
 * Commits a decision before anything is sent. Null when it was decided already (the same slot) or another
 * decision of the position is still open: a rule fires once.
 */
export async function insertTrigger(db: Db, trigger: NewTrigger): Promise<TriggerRow | null> {
  try {
    return await db
      .insertInto('position_risk_triggers')
      .values({
        position_id: trigger.positionId,
        rule: trigger.rule,
        action: trigger.action,
        slot: trigger.slot,
        slot_at: trigger.slotAt ?? null,
        pnl_seen: trigger.pnlSeen,
        level: trigger.level,
        marks: JSON.stringify(trigger.marks),
        component_snapshot: trigger.componentSnapshot,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    const constraint = (error as { constraint?: string }).constraint;
    if (
      constraint === 'position_risk_triggers_position_id_slot_key' ||
      constraint === 'position_risk_triggers_one_open_idx'
    )
      return null;
    throw error;
  }
}

export async function updateTrigger(
  db: Db,
  id: number,
  patch: { state: TriggerState; outcome?: string },
): Promise<TriggerRow> {
  const final = patch.state !== 'decided' && patch.state !== 'handed';
  return db
    .updateTable('position_risk_triggers')
    .set({
      state: patch.state,
      ...(patch.outcome !== undefined && { outcome: patch.outcome }),
      ...(final && { finished_at: sql`now()` }),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Decisions whose action has not ended: resumed at start. */
export async function openTriggers(db: Db): Promise<TriggerRow[]> {
  return db
    .selectFrom('position_risk_triggers')
    .selectAll()
    .where('state', 'in', ['decided', 'handed'])
    .orderBy('id')
    .execute();
}

export async function triggerRows(db: Db, positionIds: readonly number[], limit = 50): Promise<TriggerRow[]> {
  if (positionIds.length === 0) return [];
  return db
    .selectFrom('position_risk_triggers')
    .selectAll()
    .where('position_id', 'in', [...positionIds])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The latest decision of each of these rules per position (calendar slots, threshold cool-down). */
export async function latestTriggers(
  db: Db,
  positionIds: readonly number[],
): Promise<Map<number, Map<string, TriggerRow>>> {
  const rows = await triggerRows(db, positionIds, 10_000);
  const latest = new Map<number, Map<string, TriggerRow>>();
  for (const row of rows) {
    const byRule = latest.get(row.position_id) ?? new Map<string, TriggerRow>();
    latest.set(row.position_id, byRule);
    if (!byRule.has(row.rule)) byRule.set(row.rule, row);
  }
  return latest;
}

/** When Bybit delivers each coin the delisting watch announced on these positions (ms), per position. */
export async function deliveryTimes(
  db: Db,
  positionIds: readonly number[],
): Promise<Map<number, Map<string, number>>> {
  const times = new Map<number, Map<string, number>>();
  if (positionIds.length === 0) return times;
  const rows = await db
    .selectFrom('position_events')
    .select(['position_id', 'symbol', 'detail'])
    .where('kind', '=', 'delisting')
    .where('position_id', 'in', [...positionIds])
    .execute();
  for (const row of rows) {
    const at = Number((row.detail as { deliveryTime?: unknown } | null)?.deliveryTime);
    if (!row.symbol || !Number.isFinite(at) || at <= 0) continue;
    const bySymbol = times.get(row.position_id) ?? new Map<string, number>();
    times.set(row.position_id, bySymbol);
    bySymbol.set(row.symbol, at);
  }
  return times;
}

/**
 * What an action cost: the fills of the position's orders of one kind written since the decision (our
 * clock on both sides, so Bybit's execution times do not matter).
 */
export async function fillsSince(
  db: Db,
  positionId: number,
  kind: 'close' | 'rebalance',
  since: Date,
): Promise<{ fills: number; fees: string; notional: string }> {
  const row = await db
    .selectFrom('trades as t')
    .innerJoin('position_orders as o', 'o.order_link_id', 't.order_link_id')
    .select([
      sql<string>`count(*)`.as('fills'),
      sql<string>`coalesce(sum(t.fee), 0)`.as('fees'),
      sql<string>`coalesce(sum(t.price * t.quantity), 0)`.as('notional'),
    ])
    .where('t.position_id', '=', positionId)
    .where('o.kind', '=', kind)
    .where('o.created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return { fills: Number(row.fills), fees: String(row.fees), notional: String(row.notional) };
}
