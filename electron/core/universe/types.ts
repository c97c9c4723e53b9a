/**
 * Inputs and outputs of the universe mapping. Field names follow Bybit V5 and CoinGecko exactly
 * (docs/bybit-v5.md §2 and §7) so rows from either API pass in without renaming.
 * Money and quantities stay decimal strings; convert with decimal.js, never Number().
 */

export type DecimalString = string;

/**
 * The part of a Bybit linear instrument (`/v5/market/instruments-info` item) the universe needs.
 * `lotSizeFilter` and `priceFilter` are flattened the way the gateway's `Instrument` carries them,
 * so the gateway's rows are accepted as they are.
 */
export interface BybitInstrument {
  symbol: string;
  status: string;
  contractType: string;
  baseCoin: string;
  quoteCoin: string;
  /** "" (or missing) for ordinary contracts; otherwise innovation, commodity, stock or forex. */
  symbolType?: string;
  tickSize: DecimalString;
  qtyStep: DecimalString;
  minOrderQty: DecimalString;
  maxMktOrderQty: DecimalString;
  minNotionalValue: DecimalString;
}

/** The part of a `/v5/market/tickers` item the universe needs. */
export interface BybitTicker {
  symbol: string;
  /** 24h turnover in USDT; "" when Bybit has none. */
  turnover24h: DecimalString;
}

/** The part of a CoinGecko `/api/v3/coins/markets` row the universe needs. */
export interface CoinGeckoMarketRow {
  id: string;
  /** Lowercase, and not unique: many ids share one symbol. */
  symbol: string;
  name: string;
  /** A JSON number from CoinGecko; a decimal string is accepted too. */
  market_cap: number | string | null;
  market_cap_rank: number | null;
}

/** A Bybit baseCoin split into the coin and the contract multiplier (1000PEPE = PEPE × 1000). */
export interface ParsedBaseCoin {
  coin: string;
  /** A power of ten as a decimal string; "1" when the baseCoin carries no multiplier. */
  multiplier: DecimalString;
}

/** One asset of the daily snapshot: a tradable perpetual joined with its CoinGecko market cap. */
export interface UniverseRow {
  symbol: string;
  baseCoin: string;
  coin: string;
  multiplier: DecimalString;
  /** CoinGecko's market_cap_rank as given, not renumbered after filtering. */
  marketCapRank: number;
  coingeckoId: string;
  /** USD, as a plain decimal string (no exponent). */
  marketCap: DecimalString;
  minNotionalValue: DecimalString;
  qtyStep: DecimalString;
  minOrderQty: DecimalString;
  maxMktOrderQty: DecimalString;
  tickSize: DecimalString;
  /** From the tickers when given; null without a ticker or when Bybit sent "". */
  turnover24h: DecimalString | null;
}

/** What the mapping left out and why, for the poller's run record and logs. */
export interface MappingReport {
  /** Tradable Bybit symbols with no ranked CoinGecko coin (not in the universe). */
  unmatchedInstruments: string[];
  /** Ranked, kept CoinGecko coins that Bybit has no tradable perpetual for. */
  unlistedCoins: number;
  /** CoinGecko ids dropped as stablecoins or wrapped, staked or bridged assets. */
  excluded: string[];
  /** Bybit symbols whose coin is such an asset (USDCUSDT, USDEUSDT…). */
  excludedInstruments: string[];
  /**
   * CoinGecko ids whose Bybit coin an earlier (higher-ranked) row had taken, or an alias reserves for
   * another id; listed whether or not Bybit has a perpetual of that coin.
   */
  duplicatesSkipped: string[];
  /** Bybit symbols left out because another perpetual of the same coin was kept. */
  sameCoinInstruments: string[];
  /** CoinGecko rows without a usable rank or market cap. */
  unrankedSkipped: number;
}

export interface UniverseSnapshot {
  /** Ordered by marketCapRank, then symbol. */
  rows: UniverseRow[];
  report: MappingReport;
}
