import { lazy, Suspense, useEffect } from 'react';
import { indexIdSchema } from '../../../../shared/domain/indices';
import { EmptyState } from '../../components/EmptyState';
import { useRequestedSection } from '../../store/navigation';
import { isTerminal, useUniverse } from '../../store/universe-store';
import { RefreshProgress } from './RefreshProgress';
import { DatePicker } from './DatePicker';
import { SnapshotPanel } from './SnapshotPanel';
import { LastRunPanel } from './LastRunPanel';
import { AssetsTable } from './AssetsTable';
import { IndexLinks } from './IndexLinks';
import { MarketHistoryPanel } from './MarketHistoryPanel';
import { useNow } from './time';

const IndexResearchPage = lazy(() =>
  import('../research/IndexResearchPage').then((m) => ({ default: m.IndexResearchPage })),
);

/** `#/universe` is the universe; `#/universe/top10-equal` is that index's page. */
export function UniversePage() {
  const section = useRequestedSection();
  if (section !== null && indexIdSchema.safeParse(section).success)
    return (
      <Suspense
        fallback={
          <p className="muted" role="status">
            Loading…
          </p>
        }
      >
        <IndexResearchPage key={section} indexId={section} />
      </Suspense>
    );
  return <UniverseOverview />;
}

/** Bybit's tradable USDT perpetuals ranked by market cap: the latest or a past daily snapshot, and its refresh. */
function UniverseOverview() {
  const store = useUniverse();
  const { latest, loadError, viewDate, past, pastLoading, pastError, progress, requesting, refreshError } =
    store;

  useEffect(() => {
    void useUniverse.getState().load();
    void useUniverse.getState().loadDates();
  }, []);

  const running = latest?.running ?? null;
  const progressLive = progress !== null && !isTerminal(progress);
  const busy = requesting || running !== null || progressLive;
  const now = useNow(busy ? 1_000 : 5_000, latest);

  // A safety net while a run goes: if its last event is missed, the page still learns that it ended.
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => void useUniverse.getState().load(), 5_000);
    return () => clearInterval(timer);
  }, [busy]);

  const snapshot = latest?.snapshot ?? null;
  const viewingPast = viewDate !== null;
  const shown = viewingPast ? past : snapshot;

  const refreshButton = (
    <button
      type="button"
      className="primary"
      onClick={() => void store.refresh()}
      disabled={busy}
      title={busy ? 'A refresh is running' : 'Fetch today’s snapshot now'}
    >
      Refresh now
    </button>
  );
  const noSnapshotYet = latest !== null && snapshot === null;

  return (
    <div className="page universe-page">
      <div className="page-title universe-title">
        <div>
          <h1>Universe</h1>
          <p className="muted page-subtitle">
            Bybit USDT perpetuals ranked by market cap, one snapshot a day.
          </p>
        </div>
        <div className="toolbar">
          {snapshot && <DatePicker />}
          {!noSnapshotYet && refreshButton}
        </div>
      </div>

      {loadError && (
        <div className="error-text alert-line" role="alert">
          Could not read the universe: {loadError}
          <button type="button" onClick={() => void store.load()}>
            Try again
          </button>
        </div>
      )}
      {refreshError && (
        <p className="error-text" role="alert">
          Refresh failed to start: {refreshError}
        </p>
      )}

      {(busy || progress) && <RefreshProgress run={running} progress={progress} now={now} />}

      {latest === null && !loadError && (
        <p className="muted" role="status">
          Reading the universe…
        </p>
      )}

      {latest && (
        <div className="grid universe-panels">
          <SnapshotPanel now={now} />
          <LastRunPanel lastRun={latest.lastRun} nextRunAt={latest.nextRunAt} busy={busy} now={now} />
          <MarketHistoryPanel now={now} />
          <IndexLinks />
        </div>
      )}

      {noSnapshotYet && (
        <div className="panel universe-empty">
          <EmptyState title="No universe snapshot yet">
            The poller lists Bybit&apos;s tradable USDT perpetuals with their market-cap rank, minimum order
            value and 24h turnover. It fills this table on start when today&apos;s snapshot is missing and
            then once a day shortly after 00:00 UTC. You can also build it now.
          </EmptyState>
          <div className="empty-actions">{refreshButton}</div>
        </div>
      )}

      {viewingPast && (
        <div className="past-banner" role="status">
          <span>
            Viewing the snapshot of <strong>{viewDate}</strong>, not the latest
            {snapshot ? ` (${snapshot.fetchDate})` : ''}.
          </span>
          <button type="button" onClick={store.viewLatest}>
            Back to latest
          </button>
        </div>
      )}
      {viewingPast && pastError && (
        <p className="error-text" role="alert">
          {pastError}
        </p>
      )}
      {viewingPast && pastLoading && !past && (
        <p className="muted" role="status">
          Reading the snapshot of {viewDate}…
        </p>
      )}

      {/* Not keyed by date: the sort and the search carry over when stepping through past days. */}
      {shown && <AssetsTable assets={shown.assets} />}
    </div>
  );
}
