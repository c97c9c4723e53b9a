import type { Position } from '../../../../../shared/domain/positions';
import { showPosition } from '../../../store/positions-store';

/**
 * What a one-question position action does once confirmed (close, adopt, mark closed outside): the call,
 * then the position it answers is shown and the confirmation closes. A failure stays in `action.error`.
 */
export const positionCall =
  (
    action: { run(work: () => Promise<void>): Promise<void>; close(): void },
    call: () => Promise<{ position: Position }>,
  ) =>
  () =>
    action.run(async () => {
      showPosition((await call()).position);
      action.close();
    });
