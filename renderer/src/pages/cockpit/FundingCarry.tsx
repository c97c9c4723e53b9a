import { useMemo } from 'react';
import { Dec } from '../../../../shared/decimal';
import type { Preview } from '../../../../shared/domain/preview';
import { fundingCarry } from '../../../../shared/positions/cockpit-figures';
import { formatFixed } from '../../format';
import { usePolledTickers } from '../../store/tickers-store';

/**
 * The basket's funding carry at today's rates: Σ over the legs of signed notional × the rate a year (each
 * coin's own interval: 1 h, 4 h or 8 h), in USDT and in % of the size; who pays it.
 */
export function FundingCarry({ preview }: { preview: Preview }) {
  const tickers = usePolledTickers();
  const carry = useMemo(() => {
    if (!tickers) return null;
    const rates = new Map<string, { rate: string; intervalHours: number }>();
    for (const [symbol, t] of tickers)
      if (t.fundingRate && t.fundingIntervalHours)
        rates.set(symbol, { rate: t.fundingRate, intervalHours: t.fundingIntervalHours });
    const legs = preview.legs.map((leg) => ({
      symbol: leg.symbol,
      signedNotional: leg.side === 'Buy' ? leg.notional : new Dec(leg.notional).neg().toFixed(),
    }));
    return fundingCarry(legs, rates);
  }, [tickers, preview.legs]);
  if (!carry) return <p className="muted small">Funding carry: reading today&apos;s funding rates…</p>;
  const size = new Dec(preview.usdtSize);
  const percent = size.isZero() ? '0' : carry.yearly.div(size).mul(100).toFixed();
  const pays = carry.yearly.isZero()
    ? 'nothing to pay'
    : carry.yearly.gt(0)
      ? 'the basket pays'
      : 'the basket receives';
  return (
    <p className="funding-carry" data-testid="funding-carry">
      Funding carry at today&apos;s rates:{' '}
      <span className="num">{formatFixed(carry.yearly.abs().toFixed(), 2)} USDT</span> a year (
      {formatFixed(new Dec(percent).abs().toFixed(), 2)} % of the size), {pays}.
      {carry.missing.length > 0 && <span className="muted"> No rate for {carry.missing.join(', ')}.</span>}
    </p>
  );
}
