import { useMemo } from 'react';
import { Badge } from '../../components/Badge';
import { Facts, Panel } from '../../components/Panel';
import { snapshotAge } from '../../components/universe-table-model';
import { formatDuration, formatMultiplier, formatRelative } from '../../format';
import { useUniverse } from '../../store/universe-store';

export function SnapshotPanel({ now }: { now: number }) {
  const latest = useUniverse((state) => state.latest);
  const datesError = useUniverse((state) => state.datesError);
  const dates = useUniverse((state) => state.dates);
  const snapshot = latest?.snapshot ?? null;
  const counts = useMemo(() => {
    const assets = snapshot?.assets ?? [];
    return {
      multiplied: assets.filter((asset) => formatMultiplier(asset.multiplier) !== '').length,
      noTurnover: assets.filter((asset) => asset.turnover24h === null).length,
    };
  }, [snapshot]);
  if (!snapshot) return null;
  // The run that wrote it, not the last run: a failed retry a minute later does not make it older.
  const age = snapshotAge(snapshot.fetchDate, latest?.snapshotWrittenBy ?? null, now);
  const ageText = age.exact
    ? formatRelative(now - age.ageMs, now)
    : `at most ${formatDuration(age.ageMs)} old`;
  return (
    <Panel
      title="Latest snapshot"
      aside={<Badge tone={age.stale ? 'warn' : 'good'}>{age.stale ? 'stale' : 'current'}</Badge>}
    >
      <p className="snapshot-age">
        Fetched for <strong>{snapshot.fetchDate}</strong> · {ageText}
      </p>
      {age.stale && (
        <p className="warn-text">
          Older than a day: indices are computed from this list until a refresh succeeds.
        </p>
      )}
      <Facts
        rows={[
          ['Assets', snapshot.assets.length],
          ['With a multiplier', counts.multiplied],
          ['No 24h turnover', counts.noTurnover],
          ['Days kept', dates.length || '—'],
        ]}
      />
      {datesError && <p className="error-text small">Past dates unavailable: {datesError}</p>}
    </Panel>
  );
}
