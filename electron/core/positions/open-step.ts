import { ExchangeError } from '../exchange';
import { isPermanentRejection } from './rejections';
import { componentRows, updatePosition, type PositionRow } from '../ledger/position-repository';
import { loadLegs, progressOf, towardsExpected, type StepContext } from './step-context';
import { newTargetRun, workTowardsTargets } from './towards-targets';

/**
 * PENDING → EXECUTING: every symbol gets the position's leverage where it differs (read once per symbol
 * and session; 110043 "not modified" is done). Bybit refusing the leverage fails the position before any
 * order exists; a transient failure leaves it PENDING to be driven again.
 */
export async function prepareLeverage(context: StepContext, row: PositionRow): Promise<PositionRow> {
  const symbols = (await componentRows(context.db(), [row.id])).map((c) => c.symbol);
  context.progress({
    positionId: row.id,
    stage: 'leverage',
    legsDone: 0,
    legsTotal: symbols.length,
    message: `Setting ${row.leverage}× leverage where it differs`,
  });
  try {
    await context.symbols.ensureLeverage(symbols, row.leverage);
  } catch (error) {
    if (error instanceof ExchangeError && isPermanentRejection(error)) {
      const failed = await updatePosition(context.db(), row.id, {
        status: 'FAILED',
        failureReason: `Bybit refused ${row.leverage}× leverage: ${error.message} No order was sent.`,
        realizedPnl: '0',
        closedAt: new Date(),
      });
      context.updated(row.id);
      return failed;
    }
    throw error;
  }
  const next = await updatePosition(context.db(), row.id, { status: 'EXECUTING' });
  context.trace('executing committed');
  context.updated(row.id, next);
  return next;
}

/**
 * EXECUTING → ACTIVE (every leg holds its expected quantity within one step, or a remainder below Bybit's
 * minimum is left with a warning), or, when a leg fails, the partial-failure policy: `rollback` → CLOSING
 * (what filled is closed, then FAILED), `keep` → ACTIVE and altered with the missing legs named. A leg fails
 * on a permanent refusal, when Bybit no longer lists it, or when its attempts run out (an IOC limit that
 * cannot fill inside the slippage cap). Attempts and refusals are read from the order log, so a resumed
 * position decides exactly as before. Every round runs in the account's queue, through the pre-trade guard.
 */
export async function executeOpen(context: StepContext, row: PositionRow): Promise<PositionRow> {
  const run = newTargetRun(row, 'open', row.on_partial_failure === 'rollback');
  const ended = await workTowardsTargets(context, row, run, async (settled) => {
    const after = await loadLegs(context, row);
    const retrying = settled.some((order) => order.state !== 'filled');
    context.progress(
      progressOf(
        row,
        retrying ? 'retrying' : 'filling',
        after.legs,
        retrying ? 'Retrying the legs that did not fill' : 'Filled',
        towardsExpected,
      ),
    );
  });
  return ended === 'stopped' ? row : decide(context, row, run.failed);
}

async function decide(
  context: StepContext,
  row: PositionRow,
  failed: Map<number, string>,
): Promise<PositionRow> {
  const db = context.db();
  const { legs } = await loadLegs(context, row);
  if (failed.size === 0) {
    const active = await updatePosition(db, row.id, {
      status: 'ACTIVE',
      openedAt: new Date(),
      failureReason: null,
    });
    // The status first: its progress is queued behind it (position-engine.ts).
    context.updated(row.id, active);
    context.progress(progressOf(row, 'active', legs, 'Every leg holds its quantity', towardsExpected));
    return active;
  }
  const reasons = [...failed.values()].map((reason) => reason.replace(/\.$/, '')).join('; ');
  if (row.on_partial_failure === 'keep') {
    const kept = await updatePosition(db, row.id, {
      status: 'ACTIVE',
      openedAt: new Date(),
      isAltered: true,
      failureReason: `Opened without ${failed.size} leg${failed.size === 1 ? '' : 's'} (kept as asked): ${reasons}`,
    });
    const marks = new Map([...failed.keys()].map((id) => [id, 'failed' as const]));
    context.updated(row.id, kept);
    context.progress(
      progressOf(row, 'active', legs, `Active without ${failed.size} legs`, towardsExpected, marks),
    );
    return kept;
  }
  const rolling = await updatePosition(db, row.id, {
    status: 'CLOSING',
    failureReason: `Could not open: ${reasons}. What filled was closed again.`,
  });
  const marks = new Map([...failed.keys()].map((id) => [id, 'failed' as const]));
  context.updated(row.id, rolling);
  context.progress(progressOf(row, 'rollback', legs, `Rolling back: ${reasons}`, towardsExpected, marks));
  return rolling;
}
