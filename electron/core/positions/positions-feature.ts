import { Dec } from '../../../shared/decimal';
import type { PositionDetail, PositionStatus } from '../../../shared/domain/positions';
import type { ExchangeSessions } from '../bybit-account/exchange-sessions';
import { activeProfileServiceDeps, databasesOpen, type Feature, type FeatureContext } from '../feature';
import type { PreviewService } from '../indices/preview-service';
import type { ProfilesFeature } from '../profiles/profiles-feature';
import { PositionEngine, type PositionEngineOptions } from './position-engine';
import { listPositionRows, tradeRows, unfinishedPositionRows } from '../ledger/position-repository';
import { listPositions, positionDetail } from './position-queries';
import { tradeView } from '../ledger/position-views';
import { tradesCsv } from './trades-csv';
import { listOutside } from '../ledger/drift-repository';

export type PositionsChannel =
  | 'positions.open'
  | 'positions.close'
  | 'positions.list'
  | 'positions.get'
  | 'positions.exportTrades'
  | 'positions.repair'
  | 'positions.adopt'
  | 'positions.rebalance'
  | 'positions.outsideChanges'
  | 'positions.markClosedOutside';

export interface PositionsFeature extends Feature<PositionsChannel> {
  engine: PositionEngine;
  /** Why the app must not restart now ("Position 12 is being opened."), or null. */
  restartBlocker(): Promise<string | null>;
}

/**
 * `positions.*`: opening, closing and reading synthetic positions. The engine drives each position in the
 * background and reports through positions.updated and positions.progress; at start it resumes whatever an
 * earlier run left unfinished.
 */
export function createPositionsFeature(
  context: FeatureContext,
  deps: {
    profiles: ProfilesFeature;
    sessions: ExchangeSessions;
    previews: PreviewService;
    options?: PositionEngineOptions;
    /** Adds the live per-leg figures to positions.get (the cockpit: leg-figures.ts). */
    withLegFigures?(detail: PositionDetail): Promise<PositionDetail>;
  },
): PositionsFeature {
  const { db, ...following } = activeProfileServiceDeps(context, deps.profiles);
  const engine = new PositionEngine({
    db,
    ...following,
    sessions: deps.sessions,
    previews: deps.previews,
    options: deps.options,
  });

  let unsubscribe: (() => void) | null = null;
  return {
    engine,
    async restartBlocker() {
      let rows;
      try {
        rows = await unfinishedPositionRows(db());
      } catch {
        return null; // no database, no position in flight
      }
      const first = rows[0];
      if (!first) return null;
      const doing =
        first.status === 'ACTIVE' && first.pending_action
          ? first.pending_action === 'repair'
            ? 'repaired'
            : 'rebalanced'
          : first.status === 'CLOSING'
            ? 'closed'
            : 'opened';
      return rows.length === 1
        ? `Position ${first.id} is being ${doing}.`
        : `${rows.length} positions are being opened, closed, repaired or rebalanced.`;
    },
    handlers: {
      'positions.open': async (request) => ({ position: await engine.open(request) }),
      'positions.close': async ({ id }) => ({ position: await engine.close(id) }),
      'positions.list': async ({ profileId, status }) => {
        const statuses: PositionStatus[] | null =
          status === undefined ? null : Array.isArray(status) ? status : [status];
        return { positions: await listPositions(db(), await deps.profiles.profileFor(profileId), statuses) };
      },
      'positions.get': async ({ id }) => {
        const detail = await positionDetail(db(), id);
        return deps.withLegFigures ? deps.withLegFigures(detail) : detail;
      },
      'positions.repair': async ({ id, preview }) => engine.repair(id, preview === true),
      'positions.adopt': async ({ id }) => ({ position: await engine.adopt(id) }),
      'positions.markClosedOutside': async ({ id }) => ({ position: await engine.markClosedOutside(id) }),
      'positions.rebalance': async ({ id, preview }) => engine.rebalance(id, preview === true),
      'positions.outsideChanges': async ({ profileId, symbol, limit }) => ({
        executions: await listOutside(db(), await deps.profiles.profileFor(profileId), { symbol, limit }),
      }),
      'positions.exportTrades': async ({ profileId, id }) => {
        const positionIds =
          id !== undefined
            ? [(await positionDetail(db(), id)).position.id]
            : (await listPositionRows(db(), await deps.profiles.profileFor(profileId), null)).map(
                (row) => row.id,
              );
        const trades = await tradeRows(db(), positionIds);
        const csv = tradesCsv(
          trades.map((row) => ({
            positionId: row.position_id,
            trade: tradeView(row),
            value: new Dec(row.quantity).mul(row.price).toFixed(),
          })),
        );
        const stamp = new Date().toISOString().slice(0, 10);
        return {
          filename:
            id !== undefined ? `synthex-position-${id}-trades-${stamp}.csv` : `synthex-trades-${stamp}.csv`,
          csv,
          rows: trades.length,
        };
      },
    },
    async start() {
      if (!databasesOpen(context)) return; // Without the User Data DB there is nothing to resume; System says why.
      // A key stored, replaced or removed shows on the positions at once (a key of another account, say).
      unsubscribe = context.events.subscribe((event) => {
        if (event === 'profiles.changed')
          void engine
            .keysChanged()
            .catch((error: unknown) =>
              context.logger.warn('could not follow a key change', { message: String(error) }),
            );
      });
      await engine.resumeUnfinished();
      void engine
        .watchAccounts()
        .catch((error: unknown) =>
          context.logger.warn('could not start reconciliation', { message: String(error) }),
        );
    },
    stop: () => {
      unsubscribe?.();
      return engine.stop();
    },
  };
}
