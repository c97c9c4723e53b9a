/**
 * Joins CoinGecko market-cap ranks onto Bybit perpetuals (docs/bybit-v5.md §7, "Mapping
 * pitfalls"). Pure: the poller fetches, this decides, the writer stores.
 *
 * For each CoinGecko row, in the market_cap_desc order CoinGecko returned:
 *  1. rows without a positive integer rank or a positive market cap are skipped;
 *  2. stablecoins and wrapped, staked or bridged assets are excluded;
 *  3. the Bybit coin is the alias for the id, else the symbol in upper case;
 *  4. the first row to reach a Bybit coin takes it; later rows with that coin are duplicates, and so
 *     is any row reaching an aliased coin without being one of its aliased ids;
 *  5. the coin's perpetual (baseCoin with the multiplier parsed off) becomes a row with CoinGecko's
 *     own rank, never renumbered, so gaps show where coins were left out.
 */
import { parseBaseCoin } from './base-coin';
import { ALIASED_COINS, aliasFor } from './coingecko-aliases';
import { compareDecimalText, nonNegativeDecimalTextOrNull, positiveDecimalText } from './decimal-text';
import { isExcludedBybitCoin, isExcludedCoin } from './excluded-assets';
import type {
  BybitInstrument,
  BybitTicker,
  CoinGeckoMarketRow,
  MappingReport,
  ParsedBaseCoin,
  UniverseRow,
  UniverseSnapshot,
} from './types';

export interface MarketCapMappingInput {
  /** `/coins/markets` rows of every page fetched, in the order CoinGecko returned them. */
  coins: readonly CoinGeckoMarketRow[];
  /** Tradable instruments only (see filterTradableInstruments); buildUniverseSnapshot does both steps. */
  instruments: readonly BybitInstrument[];
  /** Optional: supplies turnover24h, and decides between two perpetuals of one coin. */
  tickers?: readonly BybitTicker[];
}

interface Candidate {
  instrument: BybitInstrument;
  parsed: ParsedBaseCoin;
  turnover24h: string | null;
}

export function mapMarketCaps(input: MarketCapMappingInput): UniverseSnapshot {
  const candidatesByCoin = groupByCoin(input.instruments, turnoverBySymbol(input.tickers ?? []));
  const report: MappingReport = {
    unmatchedInstruments: [],
    unlistedCoins: 0,
    excluded: [],
    excludedInstruments: [],
    duplicatesSkipped: [],
    sameCoinInstruments: [],
    unrankedSkipped: 0,
  };
  const taken = new Set<string>();
  const rows: UniverseRow[] = [];

  for (const coin of input.coins) {
    const rank = usableRank(coin.market_cap_rank);
    const marketCap = positiveDecimalText(coin.market_cap);
    if (rank === null || marketCap === null) {
      report.unrankedSkipped += 1;
      continue;
    }
    const alias = aliasFor(coin.id);
    const bybitCoin = (alias ?? coin.symbol).toUpperCase();
    if (isExcludedCoin(coin) || isExcludedBybitCoin(bybitCoin)) {
      report.excluded.push(coin.id);
      continue;
    }
    if (taken.has(bybitCoin) || (alias === undefined && ALIASED_COINS.has(bybitCoin))) {
      report.duplicatesSkipped.push(coin.id);
      continue;
    }
    taken.add(bybitCoin);
    const candidates = candidatesByCoin.get(bybitCoin);
    if (!candidates) {
      report.unlistedCoins += 1;
      continue;
    }
    const [kept, ...others] = [...candidates].sort(preferredCandidateFirst);
    if (!kept) continue;
    rows.push(toRow(kept, coin, rank, marketCap));
    report.sameCoinInstruments.push(...others.map((c) => c.instrument.symbol));
  }

  for (const [bybitCoin, candidates] of candidatesByCoin) {
    if (taken.has(bybitCoin)) continue;
    const list = isExcludedBybitCoin(bybitCoin) ? report.excludedInstruments : report.unmatchedInstruments;
    list.push(...candidates.map((c) => c.instrument.symbol));
  }
  report.unmatchedInstruments.sort();
  report.excludedInstruments.sort();

  rows.sort((a, b) => a.marketCapRank - b.marketCapRank || compareText(a.symbol, b.symbol));
  return { rows, report };
}

/** CoinGecko's rank when it is a positive integer (the database requires > 0), else null. */
function usableRank(rank: number | null): number | null {
  return typeof rank === 'number' && Number.isInteger(rank) && rank > 0 ? rank : null;
}

function turnoverBySymbol(tickers: readonly BybitTicker[]): Map<string, string | null> {
  return new Map(tickers.map((t) => [t.symbol, nonNegativeDecimalTextOrNull(t.turnover24h)]));
}

/** Keyed by the coin in upper case, so CoinGecko's lowercase symbols compare directly. */
function groupByCoin(
  instruments: readonly BybitInstrument[],
  turnover: ReadonlyMap<string, string | null>,
): Map<string, Candidate[]> {
  const byCoin = new Map<string, Candidate[]>();
  for (const instrument of instruments) {
    const parsed = parseBaseCoin(instrument.baseCoin);
    const key = parsed.coin.toUpperCase();
    const candidate = { instrument, parsed, turnover24h: turnover.get(instrument.symbol) ?? null };
    const list = byCoin.get(key);
    if (list) list.push(candidate);
    else byCoin.set(key, [candidate]);
  }
  return byCoin;
}

/**
 * One perpetual per coin, or an index would hold the coin twice. The most traded one wins (cheapest
 * to execute); without tickers, the smaller multiplier, then the symbol, keep the choice stable.
 */
function preferredCandidateFirst(a: Candidate, b: Candidate): number {
  return (
    compareDecimalText(b.turnover24h, a.turnover24h) ||
    compareDecimalText(a.parsed.multiplier, b.parsed.multiplier) ||
    compareText(a.instrument.symbol, b.instrument.symbol)
  );
}

/** Locale-independent, so the order never depends on the machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toRow(candidate: Candidate, coin: CoinGeckoMarketRow, rank: number, marketCap: string): UniverseRow {
  const { instrument, parsed } = candidate;
  return {
    symbol: instrument.symbol,
    baseCoin: instrument.baseCoin,
    coin: parsed.coin,
    multiplier: parsed.multiplier,
    marketCapRank: rank,
    coingeckoId: coin.id,
    marketCap,
    minNotionalValue: instrument.minNotionalValue,
    qtyStep: instrument.qtyStep,
    minOrderQty: instrument.minOrderQty,
    maxMktOrderQty: instrument.maxMktOrderQty,
    tickSize: instrument.tickSize,
    turnover24h: candidate.turnover24h,
  };
}
