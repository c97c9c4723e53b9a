import type { RefreshRun } from '../../../../shared/domain/universe';

/** Why a refresh ran, as the page says it. */
export const reasonLabels: Record<RefreshRun['reason'], string> = {
  startup: 'on start',
  schedule: 'daily schedule',
  manual: 'manual',
  retry: 'retry after a failure',
};
