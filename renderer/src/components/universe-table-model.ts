import type { MarketTicker } from '../../../shared/domain/market';
import type { UniverseAsset } from '../../../shared/domain/universe';
import { annualisedFunding } from '../../../shared/positions/cockpit-figures';
import { formatCompactUsd, formatMultiplier, formatPercent, formatUsdt, groupDecimal } from '../format';

/** What the Universe table can be sorted by; each is one column. */
export type UniverseColumn =
  | 'rank'
  | 'symbol'
  | 'baseCoin'
  | 'marketCap'
  | 'minNotional'
  | 'turnover'
  | 'price'
  | 'change24h'
  | 'funding'
  | 'openInterest';
export type SortDirection = 'asc' | 'desc';
export interface SortState {
  column: UniverseColumn;
  direction: SortDirection;
}

export const defaultSort: SortState = { column: 'rank', direction: 'asc' };

/** A row with its display strings computed once per snapshot, so sorting and re-rendering stay cheap. */
export interface UniverseRow {
  asset: UniverseAsset;
  /** Upper-case symbol, base coin and coin, for the search box. */
  haystack: string;
  marketCap: string;
  minNotional: string;
  turnover: string;
  multiplier: string;
  /** Bybit's ticker figures (null before the tickers are read), and the funding rate a year as a fraction. */
  ticker: MarketTicker | null;
  fundingYearly: string | null;
  price: string;
  change24h: string;
  funding: string;
  openInterest: string;
}

/** "+10.95 % · 8h": the funding rate a year at today's rate, with the settlement interval. */
function fundingText(ticker: MarketTicker | null, yearly: string | null): string {
  if (!ticker || yearly === null) return '—';
  const sign = yearly.startsWith('-') ? '' : '+';
  return `${sign}${formatPercent(yearly)} · ${ticker.fundingIntervalHours}h`;
}

export function toRows(
  assets: readonly UniverseAsset[],
  tickers: ReadonlyMap<string, MarketTicker> | null = null,
): UniverseRow[] {
  return assets.map((asset) => {
    const ticker = tickers?.get(asset.symbol) ?? null;
    const fundingYearly =
      ticker?.fundingRate && ticker.fundingIntervalHours
        ? annualisedFunding(ticker.fundingRate, ticker.fundingIntervalHours).toDecimalPlaces(6).toFixed()
        : null;
    return {
      asset,
      haystack: `${asset.symbol} ${asset.baseCoin} ${asset.coin}`.toUpperCase(),
      marketCap: formatCompactUsd(asset.marketCap),
      minNotional: formatUsdt(asset.minNotionalValue),
      turnover: formatCompactUsd(asset.turnover24h),
      multiplier: formatMultiplier(asset.multiplier),
      ticker,
      fundingYearly,
      price: ticker?.lastPrice ? groupDecimal(ticker.lastPrice) : '—',
      change24h: ticker?.price24hPcnt ? formatPercent(ticker.price24hPcnt) : '—',
      funding: fundingText(ticker, fundingYearly),
      openInterest: formatCompactUsd(ticker?.openInterestValue ?? null),
    };
  });
}

/**
 * Orders two decimal strings ("-12.5", "300", "0.001") exactly, without parsing them into floats:
 * sign, then the length of the integer part, then the digits.
 */
export function compareDecimalStrings(a: string, b: string): number {
  const negA = a.startsWith('-');
  const negB = b.startsWith('-');
  const [intA = '', fracA = ''] = (negA ? a.slice(1) : a).split('.');
  const [intB = '', fracB = ''] = (negB ? b.slice(1) : b).split('.');
  const wholeA = intA.replace(/^0+/, '');
  const wholeB = intB.replace(/^0+/, '');
  const zeroA = wholeA === '' && !/[1-9]/.test(fracA);
  const zeroB = wholeB === '' && !/[1-9]/.test(fracB);
  const signA = zeroA ? 0 : negA ? -1 : 1;
  const signB = zeroB ? 0 : negB ? -1 : 1;
  if (signA !== signB) return signA < signB ? -1 : 1;
  if (signA === 0) return 0;
  let magnitude: number;
  if (wholeA.length !== wholeB.length) {
    magnitude = wholeA.length < wholeB.length ? -1 : 1;
  } else {
    const width = Math.max(fracA.length, fracB.length);
    const digitsA = wholeA + fracA.padEnd(width, '0');
    const digitsB = wholeB + fracB.padEnd(width, '0');
    magnitude = digitsA === digitsB ? 0 : digitsA < digitsB ? -1 : 1;
  }
  return signA < 0 ? -magnitude : magnitude;
}

/** Nulls ("no market cap known") always go last, whichever the direction. */
function compareNullableDecimals(a: string | null, b: string | null, direction: SortDirection): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const order = compareDecimalStrings(a, b);
  return direction === 'asc' ? order : -order;
}

function compareText(a: string, b: string, direction: SortDirection): number {
  const order = a < b ? -1 : a > b ? 1 : 0;
  return direction === 'asc' ? order : -order;
}

function compareBy(column: UniverseColumn, direction: SortDirection, x: UniverseRow, y: UniverseRow) {
  const a = x.asset;
  const b = y.asset;
  switch (column) {
    case 'rank':
      return direction === 'asc' ? a.marketCapRank - b.marketCapRank : b.marketCapRank - a.marketCapRank;
    case 'symbol':
      return compareText(a.symbol, b.symbol, direction);
    case 'baseCoin':
      return compareText(a.baseCoin, b.baseCoin, direction);
    case 'marketCap':
      return compareNullableDecimals(a.marketCap, b.marketCap, direction);
    case 'minNotional':
      return compareNullableDecimals(a.minNotionalValue, b.minNotionalValue, direction);
    case 'turnover':
      return compareNullableDecimals(a.turnover24h, b.turnover24h, direction);
    case 'price':
      return compareNullableDecimals(x.ticker?.lastPrice ?? null, y.ticker?.lastPrice ?? null, direction);
    case 'change24h':
      return compareNullableDecimals(
        x.ticker?.price24hPcnt ?? null,
        y.ticker?.price24hPcnt ?? null,
        direction,
      );
    case 'funding':
      return compareNullableDecimals(x.fundingYearly, y.fundingYearly, direction);
    case 'openInterest':
      return compareNullableDecimals(
        x.ticker?.openInterestValue ?? null,
        y.ticker?.openInterestValue ?? null,
        direction,
      );
  }
}

/** A sorted copy; ties fall back to the market-cap rank, then the symbol, so the order is stable. */
export function sortRows(rows: readonly UniverseRow[], sort: SortState): UniverseRow[] {
  return [...rows].sort(
    (x, y) =>
      compareBy(sort.column, sort.direction, x, y) ||
      x.asset.marketCapRank - y.asset.marketCapRank ||
      compareText(x.asset.symbol, y.asset.symbol, 'asc'),
  );
}

/** Rows whose symbol, base coin or coin contains every word of the query (case-insensitive). */
export function filterRows(rows: readonly UniverseRow[], query: string): readonly UniverseRow[] {
  const words = query.trim().toUpperCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => words.every((word) => row.haystack.includes(word)));
}

/** Money columns start with the biggest first; text and rank start ascending. */
export const firstDirection: Record<UniverseColumn, SortDirection> = {
  rank: 'asc',
  symbol: 'asc',
  baseCoin: 'asc',
  marketCap: 'desc',
  minNotional: 'desc',
  turnover: 'desc',
  price: 'desc',
  change24h: 'desc',
  funding: 'desc',
  openInterest: 'desc',
};

/** Clicking the sorted column flips it; clicking another starts with that column's natural direction. */
export function nextSort(current: SortState, column: UniverseColumn): SortState {
  if (current.column === column) {
    return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  return { column, direction: firstDirection[column] };
}

/** "482 assets", "1 asset", "12 of 482 assets". */
export function countLabel(shown: number, total: number): string {
  const noun = total === 1 ? 'asset' : 'assets';
  return shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun}`;
}

export interface SnapshotAge {
  /** Milliseconds since the snapshot was fetched (or since its date began, when the exact time is unknown). */
  ageMs: number;
  /** True when the fetch time comes from the run that wrote it. */
  exact: boolean;
  /** Older than a day. */
  stale: boolean;
}

const dayMs = 86_400_000;

/** How old a snapshot is: from the run that wrote it when that is known, else from the start of its UTC date. */
export function snapshotAge(
  fetchDate: string,
  writtenBy: { status: string; fetchDate: string | null; finishedAt: string | null } | null,
  nowMs: number,
): SnapshotAge {
  const exact =
    writtenBy !== null &&
    writtenBy.status === 'succeeded' &&
    writtenBy.fetchDate === fetchDate &&
    writtenBy.finishedAt !== null;
  const since = exact ? Date.parse(writtenBy.finishedAt as string) : Date.parse(`${fetchDate}T00:00:00Z`);
  const ageMs = Math.max(0, nowMs - since);
  return { ageMs, exact, stale: ageMs > dayMs };
}
