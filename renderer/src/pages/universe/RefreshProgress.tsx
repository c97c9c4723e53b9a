import type { RefreshRun, UniverseProgress } from '../../../../shared/domain/universe';
import type { Tone } from '../../components/Badge';
import { ProgressBar } from '../../components/ProgressBar';
import { ago } from './time';
import { reasonLabels } from './labels';

const stageLabels: Record<UniverseProgress['stage'], string> = {
  instruments: 'Bybit instruments',
  tickers: 'Bybit 24h tickers',
  'market-caps': 'CoinGecko market caps',
  mapping: 'Mapping coins to symbols',
  writing: 'Writing the snapshot',
  done: 'Done',
  failed: 'Failed',
};

export function RefreshProgress({
  run,
  progress,
  now,
}: {
  run: RefreshRun | null;
  progress: UniverseProgress | null;
  now: number;
}) {
  // Events of an older run are not this run's progress.
  const current = progress && (!run || progress.runId === run.id) ? progress : null;
  const tone: Tone = current?.stage === 'failed' ? 'bad' : current?.stage === 'done' ? 'good' : 'neutral';
  const stage = current ? stageLabels[current.stage] : 'Starting';
  const message = current?.message || (run ? 'Waiting for the poller…' : 'Asking the poller to start…');
  const done = current?.done ?? 0;
  const total = current?.total ?? 1;
  return (
    <div className="panel refresh-progress">
      <ProgressBar
        label="Refresh progress"
        value={done}
        max={total}
        valueText={`${stage}: ${message} (${done} of ${total})`}
        tone={tone}
      >
        <strong className="progress-stage">{stage}</strong>
        <span className="progress-message">{message}</span>
        <span className="progress-count num">
          {done} / {total}
        </span>
      </ProgressBar>
      {run && (
        <div className="muted small">
          Run #{run.id} · {reasonLabels[run.reason]} · started {ago(run.startedAt, now)}
        </div>
      )}
    </div>
  );
}
