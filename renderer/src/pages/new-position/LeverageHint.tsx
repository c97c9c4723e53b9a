import { Dec } from '../../../../shared/decimal';
import type { Preview } from '../../../../shared/domain/preview';

/** The highest leverage every leg of this preview allows on Bybit. */
export function LeverageHint({ preview }: { preview: Preview }) {
  if (preview.legs.length === 0) return null;
  const max = Dec.min(...preview.legs.map((leg) => new Dec(leg.maxLeverage)));
  return <span className="muted small">Bybit allows up to {max.toFixed()}× on every leg here.</span>;
}
