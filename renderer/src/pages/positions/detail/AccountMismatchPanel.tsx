import type { Position } from '../../../../../shared/domain/positions';
import { api } from '../../../api/client';
import { ConfirmAction } from '../../../components/Confirm';
import { FormStatus } from '../../../components/FormStatus';
import { useConfirmation } from '../../../components/use-confirmation';
import { positionCall } from './position-action';

/**
 * A position whose Bybit account the profile's key no longer reaches: what that means, and the two ways out
 * (store a key of that account again in Settings → Account, or mark it closed outside Synthex, which sends
 * nothing and books its legs at the latest mark).
 */
export function AccountMismatchPanel({ position }: { position: Position }) {
  const action = useConfirmation();
  if (!position.accountMismatch) return null;

  const onConfirm = positionCall(action, () =>
    api.invoke('positions.markClosedOutside', { id: position.id }),
  );

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
      <ConfirmAction
        action={action}
        opener="Mark closed outside Synthex…"
        onConfirm={onConfirm}
        label="Confirm mark closed outside Synthex"
        confirmLabel="Mark closed"
        busyLabel="Recording…"
      >
        <span className="small">
          Record this position as closed outside Synthex? Nothing is sent to Bybit; its legs are booked at the
          latest mark price and it becomes CLOSED. Do this only if you closed it yourself.
        </span>
      </ConfirmAction>
      <FormStatus error={action.error} />
    </div>
  );
}
