import type { Position } from '../../../../../shared/domain/positions';

const headings: Partial<Record<Position['status'], string>> = {
  FAILED: 'Why it failed',
  CLOSING: 'Why the close has not finished',
  ACTIVE: 'What is missing',
};

/** The core's reason, in its words, where it cannot be missed. */
export function FailureReason({ position }: { position: Position }) {
  if (!position.failureReason) return null;
  const tone = position.status === 'FAILED' ? 'callout-bad' : 'callout-warn';
  return (
    <div className={`callout ${tone} failure-reason`} role="alert" aria-label="Failure reason">
      <p>
        <strong>{headings[position.status] ?? 'Note'}</strong>
      </p>
      <p>{position.failureReason}</p>
    </div>
  );
}
