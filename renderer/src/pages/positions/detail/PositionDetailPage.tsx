import type { PositionProgress, PositionStatus } from '../../../../../shared/domain/positions';
import { usePositions } from '../../../store/positions-store';
import { useNow } from '../../universe/time';
import { AccountBadge, AlteredBadge } from '../AlteredBadge';
import { StatusChip } from '../StatusChip';
import { AccountMismatchPanel } from './AccountMismatchPanel';
import { AlterationPanel } from './AlterationPanel';
import { ClosePosition } from './ClosePosition';
import { ComponentsTable } from './ComponentsTable';
import { ExecutionProgress } from './ExecutionProgress';
import { ExportTradesButton } from './ExportTradesButton';
import { FailureReason } from './FailureReason';
import { PositionHistory } from './PositionHistory';
import { PositionSummary } from './PositionSummary';
import { RebalancePosition } from './RebalancePosition';
import { RiskPanel } from './RiskPanel';
import { TradesTable } from './TradesTable';
import { usePositionDetail } from './use-position-detail';
import { LegFiguresTable } from '../../cockpit/LegFiguresTable';
import { PerformancePanel } from '../../cockpit/PerformancePanel';
import { useLiquidationDistance, useLiveLegs } from '../../cockpit/use-live-legs';

const running = new Set(['PENDING', 'EXECUTING', 'CLOSING']);

/** The status a run's last stage means: the banner shows it only beside that very status. */
const reached: Partial<Record<PositionProgress['stage'], PositionStatus>> = {
  active: 'ACTIVE',
  closed: 'CLOSED',
  failed: 'FAILED',
};

/** One position: its summary, the live execution, its legs, its trades, and Close. */
export function PositionDetailPage({ id }: { id: number }) {
  const { detail, error, reload } = usePositionDetail(id);
  useLiveLegs(detail?.position.status, reload);
  const nearPercent = useLiquidationDistance();
  const latest = usePositions((state) => state.progress[id]);
  const now = useNow(1_000, detail);

  if (!detail)
    return (
      <div className="page">
        <h1>Position #{id}</h1>
        <p className={error ? 'error-text' : 'muted'} role={error ? 'alert' : 'status'}>
          {error ?? 'Reading the position…'}
        </p>
        <a href="#/positions">Back to positions</a>
      </div>
    );

  const { position, components, trades, orders } = detail;
  // One source of truth for the stage, the status: a run's end ("Active · every leg holds") beside any
  // other status is the last run's (a close has started since), so it is not shown as if it were now.
  const progress =
    latest && (reached[latest.stage] ?? position.status) === position.status ? latest : undefined;
  // The last run's bar stays while the position works, and once it ends until the page is left.
  const showProgress =
    progress !== undefined && (running.has(position.status) || (progress.legs?.length ?? 0) > 0);
  return (
    <div className="page position-detail-page">
      <div className="page-title">
        <h1>
          #{position.id} {position.indexName} <StatusChip status={position.status} />{' '}
          <AlteredBadge altered={position.isAltered} /> <AccountBadge mismatch={position.accountMismatch} />
        </h1>
        <a href="#/positions">Back to positions</a>
      </div>
      <AccountMismatchPanel position={position} />
      <FailureReason position={position} />
      {position.alteration && <AlterationPanel position={position} alteration={position.alteration} />}
      {showProgress && <ExecutionProgress progress={progress} />}
      <PositionSummary position={position} now={now} />
      <div className="detail-actions">
        <ClosePosition position={position} />
        <RebalancePosition position={position} />
      </div>
      <RiskPanel position={position} />
      <section className="detail-section" aria-label="Legs of the position">
        <h2>Legs</h2>
        <LegFiguresTable legs={components} nearPercent={nearPercent} />
        <ComponentsTable components={components} orders={orders} />
      </section>
      <section className="detail-section" aria-label="Performance of the position">
        <h2>Performance against BTC</h2>
        <PerformancePanel id={position.id} version={`${position.status}:${position.closedAt ?? ''}`} />
      </section>
      <section className="detail-section" aria-label="Trades of the position">
        <header className="section-header">
          <h2>Trades ({trades.length})</h2>
          <ExportTradesButton positionId={position.id} disabled={trades.length === 0} />
        </header>
        <TradesTable trades={trades} />
      </section>
      <PositionHistory events={detail.events} />
    </div>
  );
}
