import { lazy, Suspense, useEffect, useState } from 'react';
import type { Performance } from '../../../../shared/domain/performance';
import { api } from '../../api/client';
import { Facts } from '../../components/Panel';
import { errorMessage } from '../../forms/form-failure';
import { formatFixed } from '../../format';

// The chart library is its own chunk.
const NavChart = lazy(() => import('../../charts/NavChart').then((m) => ({ default: m.NavChart })));

const refreshMs = 60_000;
const pct = (value: string | null) => (value === null ? '—' : `${formatFixed(value, 2)} %`);

/** The position's NAV against BTC, and its stats; read again a minute apart and when it changes. */
export function PerformancePanel({ id, version }: { id: number; version: string }) {
  const [performance, setPerformance] = useState<Performance | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const read = () =>
      api.invoke('positions.performance', { id }).then(
        (answer) => !cancelled && (setPerformance(answer), setError(null)),
        (thrown: unknown) => !cancelled && setError(errorMessage(thrown)),
      );
    void read();
    const timer = setInterval(() => void read(), refreshMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [id, version]);
  if (!performance)
    return <p className={error ? 'error-text' : 'muted'}>{error ?? 'Reading the performance…'}</p>;
  const { stats, benchmark } = performance;
  return (
    <div className="performance">
      <Suspense fallback={<p className="muted">Loading the chart…</p>}>
        <NavChart series={performance.series} label="Position NAV against BTC" />
      </Suspense>
      <div className="performance-stats" data-testid="performance-stats">
        <Facts
          rows={[
            ['Return', pct(stats.return)],
            [`${benchmark.symbol} over the same time`, pct(stats.btcReturn)],
            ['Max drawdown', pct(stats.maxDrawdown)],
            ['APR', pct(stats.apr)],
            ['Funding paid (− received)', `${formatFixed(stats.fundingPaid, 4)} USDT`],
            ['Fees paid', `${formatFixed(stats.feesPaid, 4)} USDT`],
            ['Turnover', `${formatFixed(stats.turnover, 2)} USDT`],
          ]}
        />
      </div>
    </div>
  );
}
