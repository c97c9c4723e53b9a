import { useEffect, useState } from 'react';
import type { RiskListItem } from '../../../../shared/domain/risk';
import { api } from '../../api/client';
import { Panel } from '../../components/Panel';
import { errorMessage } from '../../forms/form-failure';
import { formatTimestamp } from '../../format';
import { useActiveProfile } from '../../store/profiles-store';
import { positionHref } from '../../../../shared/routes/position-route';

/**
 * The positions whose risk rules are armed (docs/risk.md) and the next scheduled rebalance among them;
 * read again whenever a position's rules change (`risk.updated`) or another profile becomes the active one.
 */
export function RiskSchedulePanel() {
  const [items, setItems] = useState<readonly RiskListItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const profileId = useActiveProfile()?.id;

  useEffect(() => {
    let live = true;
    const load = () =>
      api
        .invoke('risk.list', {})
        .then((answer) => live && (setItems(answer.positions), setError(null)))
        .catch((thrown: unknown) => live && setError(errorMessage(thrown)));
    void load();
    const off = api.on('risk.updated', () => void load());
    return () => {
      live = false;
      off();
    };
  }, [profileId]);

  if (!items || items.length === 0) return error ? <Panel title="Risk rules">{error}</Panel> : null;
  const next = items
    .filter((item) => item.nextRebalanceAt)
    .sort((a, b) => a.nextRebalanceAt!.localeCompare(b.nextRebalanceAt!))[0];
  return (
    <Panel title="Risk rules">
      <p>
        Next scheduled rebalance:{' '}
        {next ? (
          <>
            {formatTimestamp(next.nextRebalanceAt!)} (
            <a href={positionHref(next.positionId)}>#{next.positionId}</a>)
          </>
        ) : (
          'none'
        )}
      </p>
      <ul className="plain-list">
        {items.map((item) => (
          <li key={item.positionId}>
            <a href={positionHref(item.positionId)}>#{item.positionId}</a> {item.summary}
            {item.fired && <strong> · fired</strong>}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
