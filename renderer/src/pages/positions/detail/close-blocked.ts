import type { Position } from '../../../../../shared/domain/positions';

/** Why Close cannot be pressed for this status (or a repair or rebalance under way); null when it can. */
export function closeBlockedReason(position: Position): string | null {
  if (position.accountMismatch)
    return 'It lives on another Bybit account than the profile’s key: store a key of that account, or mark it closed outside Synthex.';
  if (position.pendingAction)
    return `A ${position.pendingAction} is under way: it can be closed once that has finished.`;
  switch (position.status) {
    case 'PENDING':
    case 'EXECUTING':
      return 'Still opening: it can be closed once it is ACTIVE.';
    case 'CLOSED':
      return 'Already closed.';
    case 'FAILED':
      return 'It failed: nothing is held.';
    default:
      return null;
  }
}
