import type { Kysely } from 'kysely';
import { Dec } from '../../../shared/decimal';
import type { PositionStatus } from '../../../shared/domain/positions';
import type { RiskRules } from '../../../shared/domain/risk';
import { initialMargin } from '../../../shared/risk/levels';
import type { UserDb } from '../db';
import { findCatalogIndex } from '../indices/index-catalog';
import {
  componentRows,
  getPositionRow,
  type ComponentRow,
  type PositionRow,
} from '../ledger/position-repository';
import type { ArmedPrices } from './risk-evaluator';
import {
  deliveryTimes,
  latestTriggers,
  protectionOf,
  rulesOf,
  rulesRow,
  type ProtectionState,
  type RulesRow,
} from './risk-repository';

/** One position with rules, as the risk engine keeps it in memory between folds. */
export interface ArmedPosition extends ArmedPrices {
  positionId: number;
  profileId: number;
  name: string;
  /** The Bybit account and environment it lives on (whose stops it may hold). */
  account: string | null;
  environment: string;
  indexKind: 'rule' | 'basket';
  armedAt: number;
  status: PositionStatus;
  pendingAction: string | null;
  /** Coins it should hold (expected quantity not zero): the legs an exit before delivery looks at. */
  symbols: Set<string>;
  /** The scheduled rebalance last decided (ms), so the next slot is after it. */
  lastCalendarSlot: number | null;
  /** When Bybit delivers (delists) a coin it holds, as the delisting watch announced it (ms). */
  deliveries: Map<string, number>;
  protection: ProtectionState;
  /** The best PnL moved since it was last written. */
  peakDirty: boolean;
  /** When the feed was last said to be stale for this position (ms), to say it once per episode. */
  staleToldAt: number | null;
  stale: boolean;
}

export async function indexKindOf(db: Kysely<UserDb>, row: PositionRow): Promise<'rule' | 'basket'> {
  try {
    return (await findCatalogIndex(db, row.user_id, row.index_id)).definition.kind;
  } catch {
    // A custom basket deleted since the open: its coins were fixed.
    return row.index_id.startsWith('custom-') ? 'basket' : 'rule';
  }
}

const held = (c: ComponentRow) => !new Dec(c.expected_quantity).isZero();

/** The weights the threshold rebalance measures drift from: the components' target weights. */
function weightsOf(components: readonly ComponentRow[]): Map<string, Dec> {
  return new Map(
    components
      .filter((c) => held(c) && c.target_weight !== null)
      .map((c) => [c.symbol, new Dec(c.target_weight!)]),
  );
}

/** The coins a position should hold and their target weights, read again after its composition changed. */
export async function composition(
  db: Kysely<UserDb>,
  positionId: number,
): Promise<{ symbols: Set<string>; targets: Map<string, Dec> }> {
  const components = await componentRows(db, [positionId]);
  return { symbols: new Set(components.filter(held).map((c) => c.symbol)), targets: weightsOf(components) };
}

/** Everything the engine needs of one position with rules, read from the database; null without rules. */
export async function loadArmed(
  db: Kysely<UserDb>,
  positionId: number,
  found?: RulesRow,
): Promise<ArmedPosition | null> {
  const [rules, row] = await Promise.all([found ?? rulesRow(db, positionId), getPositionRow(db, positionId)]);
  if (!rules || !row) return null;
  const [components, latest, deliveries, indexKind] = await Promise.all([
    componentRows(db, [positionId]),
    latestTriggers(db, [positionId]),
    deliveryTimes(db, [positionId]),
    indexKindOf(db, row),
  ]);
  const parsed: RiskRules = rulesOf(rules);
  const armedAt = new Date(rules.armed_at).getTime();
  const calendar = latest.get(positionId)?.get('rebalanceCalendar');
  const threshold = latest.get(positionId)?.get('rebalanceThreshold');
  const since = (at: Date | string | null | undefined) =>
    at ? Math.max(armedAt, new Date(at).getTime()) : null;
  return {
    positionId,
    profileId: row.user_id,
    name: `${row.index_name} #${row.id}`,
    account: row.bybit_account,
    environment: row.environment,
    indexKind,
    rules: parsed,
    margin: initialMargin(row.usdt_size, row.leverage),
    memory: {
      peak: rules.peak_pnl === null ? null : new Dec(rules.peak_pnl),
      breakEven: rules.break_even_level === null ? null : new Dec(rules.break_even_level),
    },
    targets: weightsOf(components),
    lastThresholdAt: since(threshold?.decided_at),
    armedAt,
    status: row.status as PositionStatus,
    pendingAction: row.pending_action,
    symbols: new Set(components.filter(held).map((c) => c.symbol)),
    lastCalendarSlot: since(calendar?.slot_at),
    deliveries: deliveries.get(positionId) ?? new Map(),
    protection: protectionOf(rules),
    peakDirty: false,
    staleToldAt: null,
    stale: false,
  };
}
