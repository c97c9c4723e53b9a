import { Dec } from '../../../shared/decimal';
import type { AccountSummary } from '../../../shared/domain/account';

type Entry = AccountSummary['liquidation'][number];

/** How far back out (a fraction of the distance) a coin must go before it can be told again. */
const rearmFraction = new Dec('0.2');

/**
 * Which held coins just came within `limit` % of their liquidation price. Each coin is told once per
 * crossing: it re-arms only once its distance is back beyond the limit by a fifth of it (a mark dancing on
 * the line is told once), or once the coin is no longer held.
 */
export class LiquidationWatch {
  private readonly inside = new Set<string>();
  private limitText = '';

  update(entries: readonly Entry[], limit: number | null): Entry[] {
    const text = limit === null ? '' : String(limit);
    if (text !== this.limitText) {
      this.limitText = text;
      this.inside.clear();
    }
    if (limit === null) return [];
    const threshold = new Dec(limit);
    const rearm = threshold.mul(rearmFraction.plus(1));
    const held = new Set(entries.map((e) => `${e.symbol}:${e.side}`));
    for (const key of [...this.inside]) if (!held.has(key)) this.inside.delete(key);
    const crossed: Entry[] = [];
    for (const entry of entries) {
      const key = `${entry.symbol}:${entry.side}`;
      const distance = new Dec(entry.distancePercent);
      if (this.inside.has(key)) {
        if (distance.gt(rearm)) this.inside.delete(key);
        continue;
      }
      if (distance.lte(threshold)) {
        this.inside.add(key);
        crossed.push(entry);
      }
    }
    return crossed;
  }
}
