import { Dec } from '../../../shared/decimal';
import { linkResolver } from './link-ids';
import { adverseExecTypes, type Violation, type World } from './world';

/** When a key of the Bybit account `uid` was stored in Synthex (`to` null: still is). */
export interface AccountTenure {
  uid: string;
  from: number;
  to: number | null;
}

/**
 * I2: every execution of the account appears exactly once, in `trades` (Synthex's own orders) or in the
 * outside log (`outside_executions`), and nothing is stored that the exchange did not execute. Bybit's own
 * liquidations, ADL and deliveries are in the outside log and, besides, shared out as trades
 * `<execId>/<positionId>` of the positions holding the side they reduced: never more than was executed. Funding settlements are not fills: they never appear in either (they are
 * shared out in `position_funding`, whose every row must name a real settlement).
 *
 * The account's executions are Synthex's own fills on the account whose key is stored now (on another
 * account, the app cannot read them until its key is back), and the others on an account while its key was
 * stored. With `complete` (a quiet point, every fill had time to be stored) a missing one is a
 * violation; otherwise only what is stored is judged (doubled, misfiled or invented). An outside fill made
 * less than `graceMs` before its account's key was replaced is not owed: the app had no time to see it.
 */
export function executionsRecorded(
  world: World,
  options: { tenures: readonly AccountTenure[]; complete: boolean; graceMs?: number },
): Violation[] {
  const violations: Violation[] = [];
  const add = (execId: string, message: string) =>
    violations.push({ invariant: 'I2', key: `I2|${execId}|${message.split(':')[0]}`, message });
  const resolve = linkResolver(world.db.positions);
  const inTrades = countBy(world.db.trades.filter((t) => !shareOf(t.execId)).map((t) => t.execId));
  const shared = new Map<string, Dec>();
  for (const trade of world.db.trades) {
    const share = shareOf(trade.execId);
    if (share && share.positionId !== trade.positionId)
      add(trade.execId, `a share of ${share.execId} stored under position ${trade.positionId}`);
    if (share) shared.set(share.execId, (shared.get(share.execId) ?? new Dec(0)).plus(trade.quantity));
  }
  const inOutside = countBy(world.db.outside.map((o) => o.execId));
  const watched = (uid: string, at: number, grace: number) =>
    options.tenures.some((t) => t.uid === uid && t.from <= at && (t.to === null || at + grace < t.to));

  const keyedNow = (uid: string) => options.tenures.some((t) => t.uid === uid && t.to === null);

  const fills = world.ledger.executions.filter((e) => e.execType !== 'Funding');
  for (const fill of fills) {
    const ours = resolve(fill.orderLinkId);
    if (!ours && !watched(fill.uid, fill.execTime, 0)) continue;
    // Synthex's own fill is owed while its account's key is stored (the app reads that account and
    // catches up); on an account whose key was replaced, only if it had time to see it before that.
    const owed = (ours && keyedNow(fill.uid)) || watched(fill.uid, fill.execTime, options.graceMs ?? 0);
    const trades = inTrades.get(fill.execId) ?? 0;
    const outside = inOutside.get(fill.execId) ?? 0;
    const owner = ours
      ? `, position ${ours.position.id} ${ours.position.status} bound to ${ours.position.account}`
      : '';
    const what = `${fill.execType} ${fill.side} ${fill.execQty} ${fill.symbol} (${fill.orderLinkId || 'no orderLinkId'}${owner}, exec ${fill.execId}, account ${fill.uid} at ${fill.execTime})`;
    if (trades + outside > 1)
      add(
        fill.execId,
        `stored ${trades + outside} times: ${what} is in trades ${trades}×, outside ${outside}×`,
      );
    else if (ours && outside > 0) add(fill.execId, `Synthex's own fill in the outside log: ${what}`);
    else if (!ours && fill.execType === 'Trade' && trades > 0)
      add(fill.execId, `an outside fill stored as a position's trade: ${what}`);
    else if (trades + outside === 0 && options.complete && owed) add(fill.execId, `never stored: ${what}`);
    const sharedOut = shared.get(fill.execId);
    if (sharedOut && !adverseExecTypes.has(fill.execType))
      add(fill.execId, `a ${fill.execType} shared out among positions as if Bybit had made it: ${what}`);
    else if (sharedOut?.gt(fill.execQty))
      add(fill.execId, `shared out ${sharedOut.toFixed()} among positions, more than the ${what}`);
  }

  const executed = new Set(fills.map((e) => e.execId));
  const funding = new Set(world.ledger.funding.map((e) => e.execId));
  for (const trade of world.db.trades) {
    // Book entries without an execution: an adoption, a leg recorded as gone (closed outside Synthex).
    if (/^(adopt-|outside:|marked:)/.test(trade.execId)) continue;
    const share = shareOf(trade.execId);
    if (share) {
      if (!executed.has(share.execId))
        add(trade.execId, `a share of an execution that never happened: ${trade.execId}`);
      continue;
    }
    if (funding.has(trade.execId))
      add(trade.execId, `a Funding settlement stored as a trade of position ${trade.positionId}`);
    else if (!executed.has(trade.execId))
      add(
        trade.execId,
        `a trade the exchange never executed: ${trade.execId} of position ${trade.positionId}`,
      );
  }
  for (const row of world.db.outside) {
    if (funding.has(row.execId)) add(row.execId, `a Funding settlement in the outside log: ${row.execId}`);
    else if (!executed.has(row.execId))
      add(row.execId, `an outside fill the exchange never executed: ${row.execId}`);
  }
  for (const share of world.db.funding)
    if (!funding.has(share.execId))
      add(
        share.execId,
        `funding of position ${share.positionId} from a settlement that never happened: ${share.execId}`,
      );
  return violations;
}

/** A position's share of an adverse execution is stored as `<execId>/<positionId>`. */
function shareOf(execId: string): { execId: string; positionId: number } | null {
  const match = /^(.+)\/(\d+)$/.exec(execId);
  return match ? { execId: match[1]!, positionId: Number(match[2]) } : null;
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
