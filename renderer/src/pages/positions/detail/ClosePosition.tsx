import { useState } from 'react';
import type { Position } from '../../../../../shared/domain/positions';
import { api } from '../../../api/client';
import { errorMessage } from '../../../forms/form-failure';
import { showPosition } from '../../../store/positions-store';
import { formatUsdt } from '../../../format';
import { useReturnFocus } from '../../../components/use-return-focus';
import { closeBlockedReason } from './close-blocked';

/**
 * Close, after a confirmation that says what will be sent; a stuck close can be retried the same way. A
 * closed or failed position has nothing left to close: no button at all, rather than a disabled one.
 */
export function ClosePosition({ position }: { position: Position }) {
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const opener = useReturnFocus(confirming);
  const reason = closeBlockedReason(position);
  const retry = position.status === 'CLOSING';
  if (position.status === 'CLOSED' || position.status === 'FAILED') return null;

  const onConfirm = async () => {
    setSending(true);
    try {
      const { position: closing } = await api.invoke('positions.close', { id: position.id });
      showPosition(closing);
      setConfirming(false);
      setError(null);
    } catch (thrown) {
      setError(errorMessage(thrown));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className={confirming ? 'close-position action-open' : 'close-position'}>
      {!confirming && (
        <button
          ref={opener}
          type="button"
          className="danger-outline"
          disabled={reason !== null}
          aria-describedby={reason ? `closeReason-${position.id}` : undefined}
          onClick={() => setConfirming(true)}
        >
          {retry ? 'Retry close…' : 'Close position…'}
        </button>
      )}
      {!confirming && reason && (
        <span id={`closeReason-${position.id}`} className="muted small">
          {reason}
        </span>
      )}
      {confirming && (
        <span
          className="confirm"
          role="group"
          aria-label="Confirm close"
          onKeyDown={(event) => {
            if (event.key === 'Escape' && !sending) {
              event.preventDefault();
              setConfirming(false);
            }
          }}
        >
          <span className="error-text">
            Close #{position.id} {position.indexName} ({formatUsdt(position.usdtSize)} {position.direction})?
            Synthex sends one order per leg, on the opposite side, for what the leg holds.
            {position.alteration &&
              ` Bybit’s holdings differ on ${position.alteration.legs.map((l) => l.symbol).join(', ')}: closing trades what the position’s own fills hold and leaves that difference on the account. Repair or adopt first to close flat.`}
          </span>
          <button
            type="button"
            className="danger"
            autoFocus
            disabled={sending}
            onClick={() => void onConfirm()}
          >
            {sending ? 'Closing…' : 'Close now'}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      )}
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
