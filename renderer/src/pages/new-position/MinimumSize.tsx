import { formatUsdt } from '../../format';
import { normaliseAmount } from './position-draft';

/** The smallest size that drops no leg, one click away. */
export function MinimumSize({
  minimum,
  current,
  onApply,
}: {
  minimum: string | null | undefined;
  current: string;
  onApply(size: string): void;
}) {
  if (minimum === undefined) return null;
  if (minimum === null)
    return <span className="muted small">No size keeps every leg: some cannot be traded at all.</span>;
  const atMinimum = normaliseAmount(current) === minimum;
  return (
    <span className="minimum-size small">
      <span className="muted">Smallest size that keeps every leg: </span>
      <strong className="num">{formatUsdt(minimum)}</strong>
      {!atMinimum && (
        <button type="button" className="link-button" onClick={() => onApply(minimum)}>
          Apply minimum ({formatUsdt(minimum)})
        </button>
      )}
    </span>
  );
}
