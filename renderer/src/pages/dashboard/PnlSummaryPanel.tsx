import { lazy, Suspense, useEffect, useMemo } from 'react';
import { Dec } from '../../../../shared/decimal';
import { positionStatuses } from '../../../../shared/domain/positions';
import { Facts, Panel } from '../../components/Panel';
import { usePnl } from '../../store/pnl-store';
import { usePositions } from '../../store/positions-store';
import { Pnl } from '../positions/Pnl';
import { StaleMarker } from '../positions/LivePnl';

// The chart library is its own chunk: the Dashboard's first paint does not wait for it.
const PnlHistoryChart = lazy(() =>
  import('../../charts/PnlHistoryChart').then((m) => ({ default: m.PnlHistoryChart })),
);

const chartHours = 24;

/** Only the total re-renders on a tick; the chart follows ticks on its own canvas. */
function LiveTotal() {
  const total = usePnl((state) => state.tick?.total ?? null);
  if (!total) return <span className="muted">—</span>;
  return (
    <span data-testid="total-unrealized">
      <Pnl value={total.unrealizedPnl} /> <StaleMarker stale={total.stale} />
    </span>
  );
}

/** Total unrealised (live) and realised PnL, the count of positions by status, and the PnL history. */
export function PnlSummaryPanel() {
  const positions = usePositions((state) => state.positions);
  useEffect(() => {
    void usePnl.getState().load();
  }, []);
  const realized = useMemo(
    () => (positions ?? []).reduce((sum, p) => sum.plus(p.realizedPnl), new Dec(0)).toFixed(8),
    [positions],
  );
  const counts = useMemo(() => {
    const byStatus = new Map<string, number>();
    for (const position of positions ?? [])
      byStatus.set(position.status, (byStatus.get(position.status) ?? 0) + 1);
    return positionStatuses
      .filter((status) => byStatus.has(status))
      .map((status) => `${byStatus.get(status)} ${status.toLowerCase()}`)
      .join(' · ');
  }, [positions]);
  // Live in the chart's 24 hours: open now, or closed within them (their line ends at the close).
  const charted = useMemo(() => {
    const since = new Date(Date.now() - chartHours * 3600_000).toISOString();
    return (positions ?? [])
      .filter(
        (p) =>
          p.status === 'ACTIVE' || p.status === 'CLOSING' || (p.closedAt !== null && p.closedAt >= since),
      )
      .map((p) => ({ id: p.id, closed: p.status === 'CLOSED' || p.status === 'FAILED' }))
      .sort((a, b) => a.id - b.id);
  }, [positions]);
  return (
    <Panel title="PnL">
      <Facts
        rows={[
          ['Unrealised (active)', <LiveTotal key="u" />],
          ['Realised', <Pnl key="r" value={realized} />],
          ['Positions', counts || 'none yet'],
        ]}
      />
      <Suspense fallback={<p className="muted small">Loading the chart…</p>}>
        <PnlHistoryChart positions={charted} />
      </Suspense>
    </Panel>
  );
}
