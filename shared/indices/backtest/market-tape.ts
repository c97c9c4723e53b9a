import { dayMs, dayStartMs } from './calendar';
import { divFixed, mulFixed, toFixed, type Fixed } from './fixed';
import type { UniverseEntry } from '../constituents';

/** One closed UTC day of a perpetual's mark price (decimal strings, as stored). */
export interface DailyMark {
  open: string;
  close: string;
}

/** One funding settlement: when (ms) and the rate a long pays (negative: a long receives). */
export interface FundingRecord {
  time: number;
  rate: string;
}

/** A universe snapshot row as the backtest needs it: rank, market cap and that day's minimum order value. */
export interface SnapshotAsset extends UniverseEntry {
  minNotionalValue: string;
}

export interface MembershipSnapshot {
  date: string;
  assets: readonly SnapshotAsset[];
}

/** Bybit's order filters of a perpetual today (its history is not published). */
export interface InstrumentFilters {
  qtyStep: string;
  minOrderQty: string;
  maxMktOrderQty: string;
  maxLeverage: string;
  minNotionalValue: string;
}

/** What is stored of a symbol's history: marks for these days, funding known over these moments. */
export interface SeriesCoverage {
  marksFrom: string | null;
  marksTo: string | null;
  fundingFrom: number | null;
  fundingTo: number | null;
}

export interface BacktestData {
  marks: ReadonlyMap<string, ReadonlyMap<string, DailyMark>>;
  /** Per symbol, oldest first. */
  funding: ReadonlyMap<string, readonly FundingRecord[]>;
  filters: ReadonlyMap<string, InstrumentFilters>;
  /** Oldest first. */
  snapshots: readonly MembershipSnapshot[];
  coverage: ReadonlyMap<string, SeriesCoverage>;
}

interface ParsedDay {
  open: Fixed;
  close: Fixed;
  /** Σ rate × mark of a settlement at 00:00, and of those later in the day: funding per unit held. */
  fundingAtOpen: Fixed;
  fundingDuring: Fixed;
}

const bigDay = BigInt(dayMs);

/**
 * The backtest's view of the stored history, parsed once. Funding is charged on the mark at each
 * settlement; with daily klines that mark is estimated on a straight line from the day's open (00:00,
 * exact) to its close, so a settlement at 08:00 takes open + (close − open) × 8/24. The sum over a day's
 * settlements of rate × mark is the same for every basket, so it is computed once per symbol and day.
 */
export class MarketTape {
  /** Per symbol, the parsed day at each index of `days` (undefined: not parsed yet). */
  private readonly rows = new Map<string, (ParsedDay | null | undefined)[]>();
  /** Per symbol, day index → the index of its first settlement in `data.funding`. */
  private readonly fundingByDay = new Map<string, Map<number, number>>();
  private readonly fundingDays = new Map<string, { first: number; last: number }>();
  private readonly snapshots: ({ snapshot: MembershipSnapshot; lookAhead: boolean } | null)[];
  private readonly firstDayMs: number;

  constructor(
    readonly data: BacktestData,
    /** The backtest's days, oldest first, one apart: everything else is asked by index into them. */
    readonly days: readonly string[],
  ) {
    this.firstDayMs = days.length > 0 ? dayStartMs(days[0]!) : 0;
    this.snapshots = days.map((day) => snapshotFor(data.snapshots, day));
  }

  /** The symbol's day `i`, or null when no candle of that day is stored. */
  row(symbol: string, i: number): ParsedDay | null {
    let rows = this.rows.get(symbol);
    if (!rows) this.rows.set(symbol, (rows = new Array<ParsedDay | null | undefined>(this.days.length)));
    let row = rows[i];
    if (row === undefined) {
      const mark = this.data.marks.get(symbol)?.get(this.days[i]!);
      rows[i] = row = mark ? this.parse(symbol, i, mark) : null;
    }
    return row;
  }

  /** Whether every settlement of the symbol on day `i` is stored (so one missing did not happen). */
  fundingKnown(symbol: string, i: number): boolean {
    let known = this.fundingDays.get(symbol);
    if (!known) {
      const coverage = this.data.coverage.get(symbol);
      known =
        coverage?.fundingFrom != null && coverage.fundingTo != null
          ? {
              first: Math.ceil((coverage.fundingFrom - this.firstDayMs) / dayMs),
              last: Math.floor((coverage.fundingTo + 1 - this.firstDayMs) / dayMs) - 1,
            }
          : { first: 1, last: 0 };
      this.fundingDays.set(symbol, known);
    }
    return i >= known.first && i <= known.last;
  }

  /** The newest snapshot on or before day `i`, else the first one (`lookAhead`: a later composition). */
  snapshotAt(i: number): { snapshot: MembershipSnapshot; lookAhead: boolean } | null {
    return this.snapshots[i] ?? null;
  }

  private parse(symbol: string, i: number, mark: DailyMark): ParsedDay {
    const open = toFixed(mark.open);
    const close = toFixed(mark.close);
    const start = this.firstDayMs + i * dayMs;
    let fundingAtOpen = 0n;
    let fundingDuring = 0n;
    for (const record of this.fundingOn(symbol, i)) {
      const into = record.time - start;
      const markThen = open + divFixed((close - open) * BigInt(into), bigDay);
      const perUnit = mulFixed(markThen, toFixed(record.rate));
      if (into === 0) fundingAtOpen += perUnit;
      else fundingDuring += perUnit;
    }
    return { open, close, fundingAtOpen, fundingDuring };
  }

  /**
   * The symbol's settlements on day `i`. The records are oldest first, so one pass finds where each day's
   * run starts; a rate is parsed only when its day is (no object per record: a year of hourly funding
   * for fifty legs is a quarter of a million records).
   */
  private fundingOn(symbol: string, i: number): readonly FundingRecord[] {
    const records = this.data.funding.get(symbol) ?? [];
    let starts = this.fundingByDay.get(symbol);
    if (!starts) {
      starts = new Map();
      for (let r = 0; r < records.length; r += 1) {
        const key = Math.floor((records[r]!.time - this.firstDayMs) / dayMs);
        if (!starts.has(key)) starts.set(key, r);
      }
      this.fundingByDay.set(symbol, starts);
    }
    const first = starts.get(i);
    if (first === undefined) return [];
    let end = first;
    const dayEnd = this.firstDayMs + (i + 1) * dayMs;
    while (end < records.length && records[end]!.time < dayEnd) end += 1;
    return records.slice(first, end);
  }
}

/** The newest snapshot on or before `day`, else the first one (a later composition: look-ahead). */
function snapshotFor(
  list: readonly MembershipSnapshot[],
  day: string,
): { snapshot: MembershipSnapshot; lookAhead: boolean } | null {
  if (list.length === 0) return null;
  if (list[0]!.date > day) return { snapshot: list[0]!, lookAhead: true };
  let lo = 0;
  let hi = list.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (list[mid]!.date <= day) lo = mid;
    else hi = mid - 1;
  }
  return { snapshot: list[lo]!, lookAhead: false };
}
