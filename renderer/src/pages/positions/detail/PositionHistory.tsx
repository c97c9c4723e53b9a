import type { PositionEvent } from '../../../../../shared/domain/positions';
import { formatTimestamp } from '../../../format';

const labels: Record<PositionEvent['kind'], string> = {
  guard: 'Order held back',
  closed_outside: 'Closed outside Synthex',
  liquidation: 'Liquidated',
  adl: 'Auto-deleveraged',
  delivery: 'Settled at delivery',
  delisting: 'Delisting',
  account_mismatch: 'Another account',
  marked_closed: 'Marked closed',
  remainder: 'Remainder left',
  risk_rules: 'Risk rules',
  risk_trigger: 'Risk rule fired',
  risk_protection: 'Bybit stop',
  risk_stale: 'Stops paused',
};

const serious = new Set<PositionEvent['kind']>(['liquidation', 'adl', 'account_mismatch']);

/** What happened to the position beyond its own orders, newest first, in words with the numbers. */
export function PositionHistory({ events }: { events: readonly PositionEvent[] }) {
  if (events.length === 0) return null;
  return (
    <section className="detail-section" aria-label="History of the position">
      <h2>History</h2>
      <ol className="position-history">
        {events.map((event) => (
          <li key={event.id} className={serious.has(event.kind) ? 'history-bad' : 'history-warn'}>
            <span className="muted small">{formatTimestamp(event.at)}</span>{' '}
            <strong>{labels[event.kind]}</strong> {event.message}
          </li>
        ))}
      </ol>
    </section>
  );
}
