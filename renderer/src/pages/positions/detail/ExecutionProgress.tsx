import type { PositionProgress } from '../../../../../shared/domain/positions';
import type { Tone } from '../../../components/Badge';
import { ProgressBar } from '../../../components/ProgressBar';
import { DataTable, type DataColumn } from '../../../components/DataTable';
import { groupDecimal } from '../../../format';

const stageLabels: Record<PositionProgress['stage'], string> = {
  pending: 'Pending',
  leverage: 'Setting leverage',
  placing: 'Placing orders',
  filling: 'Filling',
  retrying: 'Retrying',
  rollback: 'Rolling back',
  active: 'Active',
  closing: 'Closing',
  closed: 'Closed',
  failed: 'Failed',
  resuming: 'Resuming',
  stuck: 'Waiting to retry',
};

const stageTone = (stage: PositionProgress['stage']): Tone =>
  stage === 'failed' || stage === 'stuck' || stage === 'rollback'
    ? 'bad'
    : stage === 'active' || stage === 'closed'
      ? 'good'
      : 'neutral';

const finished: ReadonlySet<PositionProgress['stage']> = new Set(['active', 'closed', 'failed']);

const legStateLabels = {
  waiting: 'waiting',
  sent: 'sent',
  partial: 'partly filled',
  filled: 'filled',
  failed: 'failed',
} as const;

type ProgressLeg = NonNullable<PositionProgress['legs']>[number];

const legColumns: readonly DataColumn<ProgressLeg>[] = [
  { key: 'symbol', label: 'Symbol', cellClassName: 'symbol', render: (leg) => leg.symbol },
  {
    key: 'state',
    label: 'State',
    cellClassName: (leg) => `leg-state leg-state-${leg.state}`,
    render: (leg) => legStateLabels[leg.state],
  },
  { key: 'filled', label: 'Filled', numeric: true, render: (leg) => groupDecimal(leg.filled) },
  { key: 'target', label: 'Of', numeric: true, render: (leg) => groupDecimal(leg.target) },
  {
    key: 'bar',
    label: 'Progress',
    labelHidden: true,
    className: 'leg-bar-col',
    render: (leg) => <LegBar filled={leg.filled} target={leg.target} symbol={leg.symbol} />,
  },
];

/** The open or close as it runs: one bar for the basket, one row per leg with what has filled. */
export function ExecutionProgress({ progress }: { progress: PositionProgress }) {
  const stage = stageLabels[progress.stage];
  return (
    <section className="panel execution-progress" aria-label="Execution progress">
      <ProgressBar
        label="Execution progress"
        value={progress.legsDone}
        max={progress.legsTotal}
        valueText={`${stage}: ${progress.message} (${progress.legsDone} of ${progress.legsTotal} legs)`}
        tone={stageTone(progress.stage)}
      >
        <strong className="progress-stage">{stage}</strong>
        <span className="progress-message">{progress.message}</span>
        <span className="progress-count num">
          {progress.legsDone} / {progress.legsTotal} legs
        </span>
      </ProgressBar>
      {progress.legs && progress.legs.length > 0 && (
        // Open while it runs; folded once it has ended, one click (or Enter) away.
        <details className="progress-legs" open={!finished.has(progress.stage)}>
          <summary>
            Legs: {progress.legs.filter((leg) => leg.state === 'filled').length} of {progress.legs.length}{' '}
            done
          </summary>
          <DataTable
            label="Legs in progress"
            compact
            columns={legColumns}
            rows={progress.legs}
            rowKey="symbol"
          />
        </details>
      )}
    </section>
  );
}

/** A thin bar per leg; the ratio is for drawing only, the numbers beside it are the decimal strings. */
function LegBar({ filled, target, symbol }: { filled: string; target: string; symbol: string }) {
  const max = Number(target);
  const value = Number(filled);
  return (
    <ProgressBar
      label={`${symbol} filled`}
      value={Number.isFinite(value) ? value : 0}
      max={Number.isFinite(max) && max > 0 ? max : 1}
      valueText={`${filled} of ${target}`}
    />
  );
}
