import { useEffect, useState } from 'react';
import type { HistoryProgress, MarketHistoryState } from '../../../../shared/domain/market-history';
import { api } from '../../api/client';
import { Facts, Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ProgressBar';
import { groupDecimal } from '../../format';
import { loader } from '../../store/loader';
import { ago } from './time';

/** The panel's one read: the newest answer, or its error in words. */
type HistoryRead = { state: MarketHistoryState | null; error: string | null };

const fetcherText = (state: MarketHistoryState) =>
  state.fetcher === 'this'
    ? 'This app fetches it now.'
    : state.fetcher === 'other'
      ? `Another Synthex process fetches it into this General Data DB (${state.holder ?? 'unnamed'}); this one reads.`
      : 'Nobody is fetching now.';

/**
 * The daily mark klines and funding settlements backtests read: what is stored, who fetches it (one
 * process per General Data DB), and the run under way with its progress.
 */
export function MarketHistoryPanel({ now }: { now: number }) {
  const [{ state, error }, setRead] = useState<HistoryRead>({ state: null, error: null });
  const [progress, setProgress] = useState<HistoryProgress | null>(null);

  useEffect(() => {
    let alive = true;
    const set = (change: Partial<HistoryRead> | ((read: HistoryRead) => Partial<HistoryRead>)) =>
      alive && setRead((read) => ({ ...read, ...(typeof change === 'function' ? change(read) : change) }));
    // Only the newest answer is shown: the one asked for at mount may come back after one a run's end asked for.
    const load = loader<HistoryRead, MarketHistoryState>(set, 'error', 'state', () =>
      api.invoke('universe.marketHistory', {}),
    );
    void load();
    const off = api.on('universe.historyProgress', (next) => {
      setProgress(next);
      if (next.stage !== 'fetching') void load();
    });
    return () => {
      alive = false;
      off();
    };
  }, []);

  const running = progress?.stage === 'fetching' ? progress : (state?.running ?? null);
  return (
    <Panel title="Market history">
      {error && (
        <p className="error-text" role="alert">
          Could not read the market history: {error}
        </p>
      )}
      {state === null && !error && (
        <p className="muted" role="status">
          Reading the market history…
        </p>
      )}
      {running && (
        <ProgressBar
          label="Market history progress"
          value={running.done}
          max={running.total}
          valueText={`${running.message} (${running.done} of ${running.total} symbols)`}
        >
          <strong className="progress-stage">Fetching</strong>
          <span className="progress-message">{running.message}</span>
          <span className="progress-count num">
            {running.done} / {running.total}
          </span>
        </ProgressBar>
      )}
      {state && (
        <>
          <p className="small">{fetcherText(state)}</p>
          <Facts
            rows={[
              ['Perpetuals', <span className="num">{state.stored.symbols}</span>],
              [
                'Days',
                state.stored.firstDay ? (
                  <span className="num">
                    {state.stored.firstDay} to {state.stored.lastDay} (kept {state.keepDays} days)
                  </span>
                ) : (
                  'none yet'
                ),
              ],
              ['Daily marks', <span className="num">{groupDecimal(String(state.stored.markDays))}</span>],
              [
                'Funding settlements',
                <span className="num">{groupDecimal(String(state.stored.fundingSettlements))}</span>,
              ],
              ['Listed within the kept span', <span className="num">{state.stored.listedLater}</span>],
              [
                'Last run',
                state.lastRun
                  ? `${state.lastRun.outcome}, ${ago(state.lastRun.startedAt, now)}, ${state.lastRun.requests} requests` +
                    (state.lastRun.failures.length > 0
                      ? `; ${state.lastRun.failures.length} symbols to retry (${state.lastRun.failures[0]!.symbol}: ${state.lastRun.failures[0]!.error})`
                      : '')
                  : 'none yet',
              ],
            ]}
          />
        </>
      )}
    </Panel>
  );
}
