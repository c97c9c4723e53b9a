import type { PositionRecord, Violation } from './world';

const finalStatuses = new Set(['ACTIVE', 'FAILED', 'CLOSED']);

/**
 * Whether a position has come to rest: ACTIVE, FAILED or CLOSED with nothing under way, or waiting in a
 * state that says why: a close that gave up says which legs it could not close ("Close again to retry"),
 * a close that waits says on what (a delisted leg's delivery, a position netting against a sub-minimum
 * remainder), a position that lives on another Bybit account than the stored key's waits for a key of its account (its
 * view says so), and a flag a later migration adds may say why it waits. A
 * rollback's "Could not open: …" is set as it starts, so it is no reason to stop.
 */
export function atRest(position: PositionRecord, keyAccount: string | null = null): boolean {
  if (finalStatuses.has(position.status) && position.pendingAction === null) return true;
  // It lives on another Bybit account than the stored key's: nothing is sent for it (the view says so).
  if (position.account !== null && keyAccount !== null && position.account !== `uid:${keyAccount}`)
    return true;
  // A close that gave up on some legs, or waits on something it names (a delivery, a netting position).
  if (position.status === 'CLOSING' && /could not close|waiting: /i.test(position.failureReason ?? ''))
    return true;
  return Object.entries(position.flags).some(([column, value]) => /flag|mismatch/i.test(column) && !!value);
}

/** I4: once faults stop, every position reaches rest within the bounded wait (the caller waits). */
export function unsettledPositions(
  positions: readonly PositionRecord[],
  waitedMs: number,
  keyAccount: string | null = null,
): Violation[] {
  return positions
    .filter((position) => !atRest(position, keyAccount))
    .map((position) => ({
      invariant: 'I4' as const,
      key: `I4|${position.id}`,
      message: `position ${position.id} is still ${position.status}${position.pendingAction ? ` (${position.pendingAction} under way)` : ''} ${Math.round(waitedMs / 1000)} s after the faults stopped, and says nothing about why${position.failureReason ? ` (its reason reads: ${position.failureReason})` : ''}`,
    }));
}
