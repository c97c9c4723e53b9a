import type { RefreshRun } from '../../../../shared/domain/universe';
import { Badge, type Tone } from '../../components/Badge';
import { Facts, Panel } from '../../components/Panel';
import { formatRelative, formatTimestamp } from '../../format';
import { ago, formatRunDuration } from './time';
import { reasonLabels } from './labels';

const runTone: Record<RefreshRun['status'], Tone> = { running: 'neutral', succeeded: 'good', failed: 'bad' };

export function LastRunPanel({
  lastRun,
  nextRunAt,
  busy,
  now,
}: {
  lastRun: RefreshRun | null;
  nextRunAt: string | null;
  busy: boolean;
  now: number;
}) {
  const next: [string, React.ReactNode] = [
    'Next run',
    nextRunAt ? (
      <>
        {formatTimestamp(nextRunAt)}{' '}
        <span className="muted">({formatRelative(Date.parse(nextRunAt), now)})</span>
      </>
    ) : (
      <span className="muted">{busy ? 'set when the current run ends' : 'not scheduled'}</span>
    ),
  ];
  if (!lastRun) {
    return (
      <Panel title="Last refresh" aside={<Badge tone="neutral">never</Badge>}>
        <p className="muted">No refresh has finished yet.</p>
        <Facts rows={[next]} />
      </Panel>
    );
  }
  const rows: [string, React.ReactNode][] = [
    [
      'When',
      <>
        {formatTimestamp(lastRun.startedAt)} <span className="muted">({ago(lastRun.startedAt, now)})</span>
      </>,
    ],
    ['Reason', reasonLabels[lastRun.reason]],
    ['Took', lastRun.durationMs === null ? '—' : formatRunDuration(lastRun.durationMs)],
    ['Assets', lastRun.assets ?? '—'],
  ];
  if (lastRun.error) rows.push(['Error', <span className="error-text">{lastRun.error}</span>]);
  rows.push(next);
  return (
    <Panel title="Last refresh" aside={<Badge tone={runTone[lastRun.status]}>{lastRun.status}</Badge>}>
      <Facts rows={rows} />
    </Panel>
  );
}
