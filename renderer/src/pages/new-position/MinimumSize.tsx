import { Dec, isPositiveDecimal } from '../../../../shared/decimal';
import { minimumSizePriceMove } from '../../../../shared/indices/minimum-size';
import { formatPercent, formatUsdt } from '../../format';
import { normaliseAmount } from './position-draft';

const margin = formatPercent(minimumSizePriceMove.toFixed(), 1);

/**
 * The smallest size that drops no leg, and one click to a size a little above it: the exact minimum keeps
 * the hardest leg by a hair, so prices moving before the open could drop it; the applied size keeps every
 * leg for moves up to the margin, and says so.
 */
export function MinimumSize({
  minimum,
  withMargin,
  current,
  onApply,
}: {
  minimum: string | null | undefined;
  withMargin: string | null | undefined;
  current: string;
  onApply(size: string): void;
}) {
  if (minimum === undefined) return null;
  if (minimum === null || !withMargin)
    return <span className="muted small">No size keeps every leg: some cannot be traded at all.</span>;
  const typed = normaliseAmount(current);
  const covered = isPositiveDecimal(typed) && new Dec(typed).gte(withMargin);
  return (
    <span className="minimum-size small">
      <span className="muted">Smallest size that keeps every leg: </span>
      <strong className="num">{formatUsdt(minimum)}</strong>
      {!covered && (
        <>
          <button type="button" className="link-button" onClick={() => onApply(withMargin)}>
            Apply minimum ({formatUsdt(withMargin)})
          </button>
          <span className="muted">with room for prices moving up to {margin} before you open</span>
        </>
      )}
    </span>
  );
}
