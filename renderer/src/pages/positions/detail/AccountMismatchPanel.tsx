import { useState } from 'react';
import type { Position } from '../../../../../shared/domain/positions';
import { api } from '../../../api/client';
import { errorMessage } from '../../../forms/form-failure';
import { showPosition } from '../../../store/positions-store';

/**
 * A position whose Bybit account the profile's key no longer reaches: what that means, and the two ways out
 * (store a key of that account again in Settings → Account, or mark it closed outside Synthex, which sends
 * nothing and books its legs at the latest mark).
 */
export function AccountMismatchPanel({ position }: { position: Position }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!position.accountMismatch) return null;

  const onConfirm = async () => {
    setBusy(true);
    try {
      const { position: marked } = await api.invoke('positions.markClosedOutside', { id: position.id });
      showPosition(marked);
      setConfirming(false);
      setError(null);
    } catch (thrown) {
      setError(errorMessage(thrown));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="callout callout-bad account-mismatch" role="alert" aria-label="Another Bybit account">
      <p>
        <strong>This position is on another Bybit account than the profile’s key</strong>
      </p>
      <p>{position.accountMismatch}</p>
      <p className="small">
        <a href="#/settings">Store a key of {position.account ?? 'that account'} in Settings → Account</a>,
        or:
      </p>
      {!confirming && (
        <button type="button" onClick={() => setConfirming(true)}>
          Mark closed outside Synthex…
        </button>
      )}
      {confirming && (
        <span className="confirm" role="group" aria-label="Confirm mark closed outside Synthex">
          <span className="small">
            Record this position as closed outside Synthex? Nothing is sent to Bybit; its legs are booked at
            the latest mark price and it becomes CLOSED. Do this only if you closed it yourself.
          </span>
          <button
            type="button"
            className="primary"
            autoFocus
            disabled={busy}
            onClick={() => void onConfirm()}
          >
            {busy ? 'Recording…' : 'Mark closed'}
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
