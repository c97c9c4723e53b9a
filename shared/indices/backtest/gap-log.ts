import type { Message } from '../../domain/preview';

/** Why a day of a backtest is not faithful to what Bybit would have done. */
export type GapCode = 'LOOK_AHEAD' | 'NO_MARKS' | 'NO_FILTERS' | 'FUNDING_UNKNOWN' | 'CLOSED_NO_MARK';

interface Gap {
  code: GapCode;
  symbol: string;
  first: string;
  last: string;
}

/**
 * Where the history was thin, by reason and symbol, with the first and last day it mattered, so the
 * result can say in words from when it is faithful instead of quietly filling holes (funding as 0, the
 * composition of a later day).
 */
export class GapLog {
  private readonly gaps = new Map<string, Gap>();
  readonly days = new Set<string>();

  add(code: GapCode, symbol: string, day: string): void {
    this.days.add(day);
    const key = `${code}|${symbol}`;
    const gap = this.gaps.get(key);
    if (!gap) this.gaps.set(key, { code, symbol, first: day, last: day });
    else {
      if (day < gap.first) gap.first = day;
      if (day > gap.last) gap.last = day;
    }
  }

  merge(other: GapLog): void {
    for (const [key, gap] of other.gaps) {
      const mine = this.gaps.get(key);
      if (!mine) this.gaps.set(key, { ...gap });
      else {
        if (gap.first < mine.first) mine.first = gap.first;
        if (gap.last > mine.last) mine.last = gap.last;
      }
    }
    for (const day of other.days) this.days.add(day);
  }

  /** One sentence per reason, naming the symbols and the days. */
  messages(firstSnapshot: string | null): Message[] {
    const byCode = new Map<GapCode, Gap[]>();
    for (const gap of this.gaps.values()) byCode.set(gap.code, [...(byCode.get(gap.code) ?? []), gap]);
    const out: Message[] = [];
    const span = (gap: Gap) =>
      gap.first === gap.last ? `on ${gap.first}` : `from ${gap.first} to ${gap.last}`;
    const list = (gaps: Gap[]) => gaps.map((gap) => `${gap.symbol} ${span(gap)}`).join('; ');
    const lookAhead = byCode.get('LOOK_AHEAD')?.[0];
    if (lookAhead)
      out.push({
        code: 'LOOK_AHEAD',
        message: `The universe snapshots start on ${firstSnapshot}: ${span(lookAhead)} the composition is that first snapshot's, a later one, so coins that left the index before then are missing (the result flatters the index).`,
      });
    const noMarks = byCode.get('NO_MARKS');
    if (noMarks)
      out.push({
        code: 'NO_MARKS',
        message: `No mark-price history (not listed yet, or not fetched yet) for ${list(noMarks)}: left out of those rebalances, the other legs scaled up.`,
      });
    const noFilters = byCode.get('NO_FILTERS');
    if (noFilters)
      out.push({
        code: 'NO_FILTERS',
        message: `Not listed on Bybit today, so its quantity step is unknown: ${list(noFilters)} left out.`,
      });
    const closed = byCode.get('CLOSED_NO_MARK');
    if (closed)
      out.push({
        code: 'CLOSED_NO_MARK',
        message: `Held but without a mark price (delisted, or history missing): ${list(closed)}, closed at its last mark.`,
      });
    const funding = byCode.get('FUNDING_UNKNOWN');
    if (funding)
      out.push({
        code: 'FUNDING_UNKNOWN',
        message: `Funding settlements not stored for ${list(funding)}: nothing was charged there, which is not what Bybit would have done.`,
      });
    return out;
  }
}
