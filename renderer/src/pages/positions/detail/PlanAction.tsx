import type { ReactNode } from 'react';
import type { Position } from '../../../../../shared/domain/positions';
import { Confirm } from '../../../components/Confirm';
import { FormStatus } from '../../../components/FormStatus';
import type { PlanKind, PlanState } from './use-plan';

const words: Record<PlanKind, { verb: string; doing: string }> = {
  repair: { verb: 'Repair', doing: 'Repairing…' },
  rebalance: { verb: 'Rebalance', doing: 'Rebalancing…' },
};

/**
 * Repair and rebalance on the position's page: the button that asks the core for the plan (`usePlan`), then
 * the plan (`children`: its table and totals) above "Repair now" / "Rebalance now" and Cancel, and the
 * error the action ended with. `blocked`: the plan has nothing to send.
 */
export function PlanAction<K extends PlanKind>({
  kind,
  position,
  action,
  blocked,
  children,
}: {
  kind: K;
  position: Position;
  action: PlanState<`positions.${K}`>;
  blocked: boolean;
  children(plan: NonNullable<PlanState<`positions.${K}`>['subject']>): ReactNode;
}) {
  const { subject: plan, busy, run } = action;
  const { verb, doing } = words[kind];
  const disabled = busy || position.status !== 'ACTIVE' || position.pendingAction !== null;

  return (
    // Open, the plan takes its own row under the buttons (action-open), not the space beside them.
    <div className={plan ? `${kind}-position action-open` : `${kind}-position`}>
      {!plan && (
        <button ref={action.opener} type="button" disabled={disabled} onClick={() => void run(true)}>
          {position.pendingAction === kind ? doing : busy ? 'Planning…' : `${verb}…`}
        </button>
      )}
      {plan && (
        <Confirm
          {...action.confirmProps(() => run(false))}
          label={`Confirm ${kind}`}
          confirmLabel={`${verb} now`}
          busyLabel={doing}
          layout="plan"
          blocked={blocked}
        >
          {children(plan)}
        </Confirm>
      )}
      <FormStatus error={action.error} />
    </div>
  );
}
