import { Dec } from '../decimal';

/** Margin use past which the strip turns amber, and maintenance margin past which it turns red. */
export const marginWarnAt = new Dec('0.7');
export const maintenanceBadAt = new Dec('0.5');

/** How close the account is to trouble: initial margin over equity, maintenance margin over equity. */
export function marginTone(initialMarginRatio: string, marginRatio: string): 'ok' | 'warn' | 'bad' {
  if (new Dec(marginRatio).gte(maintenanceBadAt)) return 'bad';
  if (new Dec(initialMarginRatio).gte(marginWarnAt)) return 'warn';
  return 'ok';
}

/** Σ realised PnL of positions closed since the start of today (local midnight given as an ISO time). */
export function realizedSince(
  positions: readonly { closedAt: string | null; realizedPnl: string }[],
  sinceIso: string,
): string {
  return positions
    .filter((p) => p.closedAt !== null && p.closedAt >= sinceIso)
    .reduce((sum, p) => sum.plus(p.realizedPnl), new Dec(0))
    .toFixed(8);
}

/**
 * A funding rate annualised: rate × settlements a year (24 / interval hours × 365), as a fraction.
 * A positive rate is paid by longs.
 */
export function annualisedFunding(rate: string, intervalHours: number): Dec {
  return new Dec(rate).mul(24).div(intervalHours).mul(365);
}

/**
 * The basket's funding carry at today's rates, a year: Σ signed notional × annualised rate of each leg. A
 * positive carry is paid by the basket (longs pay a positive rate, shorts receive it).
 */
export function fundingCarry(
  legs: readonly { symbol: string; signedNotional: string }[],
  rates: ReadonlyMap<string, { rate: string; intervalHours: number }>,
): { yearly: Dec; missing: string[] } {
  let yearly = new Dec(0);
  const missing: string[] = [];
  for (const leg of legs) {
    const funding = rates.get(leg.symbol);
    if (!funding) {
      missing.push(leg.symbol);
      continue;
    }
    yearly = yearly.plus(
      new Dec(leg.signedNotional).mul(annualisedFunding(funding.rate, funding.intervalHours)),
    );
  }
  return { yearly, missing };
}
