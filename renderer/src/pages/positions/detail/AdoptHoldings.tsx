import { useState } from 'react';
import type { Position } from '../../../../../shared/domain/positions';
import { api } from '../../../api/client';
import { errorMessage } from '../../../forms/form-failure';
import { showPosition } from '../../../store/positions-store';
import { useReturnFocus } from '../../../components/use-return-focus';

/** Adopt: today's holdings become what the position should hold, after a confirmation. */
export function AdoptHoldings({ position }: { position: Position }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const opener = useReturnFocus(confirming);
  const blocked = position.status !== 'ACTIVE' || position.pendingAction !== null;

  const onConfirm = async () => {
    setBusy(true);
    try {
      const { position: adopted } = await api.invoke('positions.adopt', { id: position.id });
      showPosition(adopted);
      setConfirming(false);
      setError(null);
    } catch (thrown) {
      setError(errorMessage(thrown));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={confirming ? 'adopt-holdings action-open' : 'adopt-holdings'}>
      {!confirming && (
        <button ref={opener} type="button" disabled={blocked} onClick={() => setConfirming(true)}>
          Adopt holdings…
        </button>
      )}
      {confirming && (
        <span className="confirm" role="group" aria-label="Confirm adopt">
          <span className="small">
            Accept what Bybit holds now as this position’s legs? Nothing is traded; the current legs are kept
            in the position’s history.
          </span>
          <button
            type="button"
            className="primary"
            autoFocus
            disabled={busy}
            onClick={() => void onConfirm()}
          >
            {busy ? 'Adopting…' : 'Adopt now'}
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
