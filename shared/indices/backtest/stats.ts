import { Dec, sum, toText } from '../../decimal';

const ratio = (value: Dec) => toText(value.toDecimalPlaces(8));
const daysPerYear = new Dec(365);

export interface PerformanceStats {
  return: string;
  cagr: string;
  maxDrawdown: string;
  volatility: string;
  sharpe: string | null;
}

/**
 * Performance of a NAV series that started at `base`: total return, compound annual growth over the
 * days covered, the deepest fall from a peak, and the annualised volatility and Sharpe ratio (no
 * risk-free rate) of daily returns. Crypto trades every day, so a year is 365 of them.
 */
export function performanceStats(navs: readonly Dec[], base: Dec): PerformanceStats {
  const last = navs.at(-1) ?? base;
  const growth = last.div(base);
  const total = growth.minus(1);
  const cagr = growth.lte(0)
    ? new Dec(-1)
    : navs.length === 0
      ? new Dec(0)
      : growth.pow(daysPerYear.div(navs.length)).minus(1);
  let peak = base;
  let maxDrawdown = new Dec(0);
  const returns: Dec[] = [];
  let previous = base;
  for (const nav of navs) {
    if (nav.gt(peak)) peak = nav;
    const drawdown = peak.minus(nav).div(peak);
    if (drawdown.gt(maxDrawdown)) maxDrawdown = drawdown;
    returns.push(previous.isZero() ? new Dec(0) : nav.div(previous).minus(1));
    previous = nav;
  }
  const mean = returns.length === 0 ? new Dec(0) : sum(returns).div(returns.length);
  const variance =
    returns.length < 2 ? new Dec(0) : sum(returns.map((r) => r.minus(mean).pow(2))).div(returns.length - 1);
  const deviation = variance.sqrt();
  const annualiser = daysPerYear.sqrt();
  return {
    return: ratio(total),
    cagr: ratio(cagr),
    maxDrawdown: ratio(maxDrawdown),
    volatility: ratio(deviation.mul(annualiser)),
    sharpe: deviation.isZero() ? null : ratio(mean.div(deviation).mul(annualiser)),
  };
}
