import type { RequestOf, ResponseOf } from '../../../../../shared/contract/channels';
import { api } from '../../../api/client';
import { useConfirmation } from '../../../components/use-confirmation';
import { showPosition } from '../../../store/positions-store';

export type PlanKind = 'repair' | 'rebalance';
type PlanChannel = `positions.${PlanKind}`;

/** What `usePlan` keeps for one plan action: its confirmation state, with `run` to plan or send. */
export type PlanState<C extends PlanChannel> = ReturnType<typeof usePlan<C>>;

/**
 * Repair and rebalance: `run(true)` asks the core for the plan (nothing is sent) and opens the
 * confirmation on it; `run(false)` sends it and closes. The position the core answers with is shown
 * either way.
 */
export function usePlan<C extends PlanChannel>(channel: C, id: number) {
  const action = useConfirmation<ResponseOf<C>['plan']>();
  const run = (preview: boolean) =>
    action.run(async () => {
      const request = (preview ? { id, preview: true } : { id }) as RequestOf<C>;
      const answer = (await api.invoke(channel, request)) as ResponseOf<C>;
      showPosition(answer.position);
      action.open(preview ? answer.plan : null);
    });
  return { ...action, run };
}
