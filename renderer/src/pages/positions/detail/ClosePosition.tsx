import type { Position } from '../../../../../shared/domain/positions';
import { api } from '../../../api/client';
import { formatUsdt } from '../../../format';
import { ConfirmAction } from '../../../components/Confirm';
import { FormStatus } from '../../../components/FormStatus';
import { useConfirmation } from '../../../components/use-confirmation';
import { positionCall } from './position-action';
import { closeBlockedReason } from './close-blocked';

/**
 * Close, after a confirmation that says what will be sent; a stuck close can be retried the same way. A
 * closed or failed position has nothing left to close: no button at all, rather than a disabled one.
 */
export function ClosePosition({ position }: { position: Position }) {
  const action = useConfirmation();
  const confirming = action.subject !== null;
  const reason = closeBlockedReason(position);
  const retry = position.status === 'CLOSING';
  if (position.status === 'CLOSED' || position.status === 'FAILED') return null;

  const onConfirm = positionCall(action, () => api.invoke('positions.close', { id: position.id }));

  return (
    <div className={confirming ? 'close-position action-open' : 'close-position'}>
      <ConfirmAction
        action={action}
        opener={retry ? 'Retry close…' : 'Close position…'}
        openerClassName="danger-outline"
        disabled={reason !== null}
        describedBy={reason ? `closeReason-${position.id}` : undefined}
        onConfirm={onConfirm}
        label="Confirm close"
        confirmLabel="Close now"
        busyLabel="Closing…"
        tone="danger"
      >
        <span className="error-text">
          Close #{position.id} {position.indexName} ({formatUsdt(position.usdtSize)} {position.direction})?
          Synthex sends one order per leg, on the opposite side, for what the leg holds.
          {position.alteration &&
            ` Bybit’s holdings differ on ${position.alteration.legs.map((l) => l.symbol).join(', ')}: closing trades what the position’s own fills hold and leaves that difference on the account. Repair or adopt first to close flat.`}
        </span>
      </ConfirmAction>
      {!confirming && reason && (
        <span id={`closeReason-${position.id}`} className="muted small">
          {reason}
        </span>
      )}
      <FormStatus error={action.error} />
    </div>
  );
}
