import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { PnlPoint } from '../../../../shared/domain/pnl';
import type { Position } from '../../../../shared/domain/positions';
import { loadHistory } from '../../store/pnl-store';

const Sparkline = lazy(() => import('../../charts/Sparkline').then((m) => ({ default: m.Sparkline })));

/** Minute history of the table's ACTIVE positions, read once per set of positions (live ticks do the rest). */
export function useSparklineHistory(positions: readonly Position[]): Map<number, PnlPoint[]> {
  const ids = useMemo(
    () =>
      positions
        .filter((p) => p.status === 'ACTIVE')
        .map((p) => p.id)
        .slice(0, 200),
    [positions],
  );
  const key = ids.join(',');
  const [history, setHistory] = useState(new Map<number, PnlPoint[]>());
  useEffect(() => {
    if (ids.length === 0) return;
    let cancelled = false;
    loadHistory(ids).then(
      (result) => !cancelled && setHistory(result.positions),
      () => undefined, // no history yet: the sparkline starts from the live figure
    );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return history;
}

const none: PnlPoint[] = [];

export function SparklineCell({ position, points }: { position: Position; points: PnlPoint[] | undefined }) {
  if (position.status !== 'ACTIVE') return <span className="muted small">—</span>;
  return (
    <Suspense fallback={null}>
      <Sparkline positionId={position.id} points={points ?? none} />
    </Suspense>
  );
}
