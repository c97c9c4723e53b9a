import type { Position } from '../../../../../shared/domain/positions';
import { api } from '../../../api/client';
import { ConfirmAction } from '../../../components/Confirm';
import { FormStatus } from '../../../components/FormStatus';
import { useConfirmation } from '../../../components/use-confirmation';
import { positionCall } from './position-action';

/** Adopt: today's holdings become what the position should hold, after a confirmation. */
export function AdoptHoldings({ position }: { position: Position }) {
  const action = useConfirmation();
  const confirming = action.subject !== null;
  const blocked = position.status !== 'ACTIVE' || position.pendingAction !== null;

  const onConfirm = positionCall(action, () => api.invoke('positions.adopt', { id: position.id }));

  return (
    <div className={confirming ? 'adopt-holdings action-open' : 'adopt-holdings'}>
      <ConfirmAction
        action={action}
        opener="Adopt holdings…"
        disabled={blocked}
        onConfirm={onConfirm}
        label="Confirm adopt"
        confirmLabel="Adopt now"
        busyLabel="Adopting…"
      >
        <span className="small">
          Accept what Bybit holds now as this position’s legs? Nothing is traded; the current legs are kept in
          the position’s history.
        </span>
      </ConfirmAction>
      <FormStatus error={action.error} />
    </div>
  );
}
