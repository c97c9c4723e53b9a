import { D, type Dec, fixed } from './decimal';
import { type Filters, HEAD_PROFILES, checkFilters, tailProfile } from './instrument-profiles';
import { createRng, type Rng } from './rng';
import type { CoinSpec } from './universe';

export type ContractType = 'LinearPerpetual' | 'LinearFutures';
export type InstrumentStatus = 'PreLaunch' | 'Trading' | 'Delivering' | 'Closed';

/** Internal view of an instrument: decimals for the matching engine, plus the wire object Bybit returns. */
export interface Instrument extends Filters {
  symbol: string;
  baseCoin: string;
  quoteCoin: 'USDT' | 'USDC';
  contractType: ContractType;
  status: InstrumentStatus;
  symbolType: '' | 'innovation' | 'commodity' | 'stock' | 'forex';
  priceScale: number;
  /** Starting price of the contract (coin price × multiplier), tick-rounded. */
  initialPrice: Dec;
  deliveryTime: string;
  launchTime: string;
  fundingIntervalMin: number;
  symbolId: number;
}

const LAUNCH_TIME = '1585526400000';

function pow10(exp: number): Dec {
  return new D(10).pow(exp);
}

/**
 * Filters that look like Bybit's for a contract at this price (~5-6 significant price digits, a qty step
 * worth cents to dollars), then the symbol's profile on top (instrument-profiles.ts); whatever the profile
 * leaves out is derived again from the overridden step, so the result stays self-consistent.
 */
function filtersFor(price: Dec, rank: number, profile: (base: Filters) => Partial<Filters>): Filters {
  // `.e` is the exact base-10 exponent (floor of log10); Decimal's log at 60 digits is slow.
  const magnitude = price.e;
  const tickExp = Math.min(magnitude - 5, -1);
  const stepTarget = price.gte(100) ? new D(100) : price.gte(1) ? new D(10) : new D(1);
  const mktCapUsd = rank <= 10 ? 10_000_000 : rank <= 50 ? 2_000_000 : rank <= 150 ? 500_000 : 200_000;
  const base = derived(price, pow10(tickExp), pow10(stepTarget.div(price).e), new D(mktCapUsd));
  base.maxLeverage = new D(rank <= 2 ? 100 : rank <= 10 ? 75 : rank <= 40 ? 50 : rank <= 120 ? 25 : 12.5);
  const o = profile(base);
  const step = o.qtyStep ?? base.qtyStep;
  const f = derived(price, o.tickSize ?? base.tickSize, step, new D(mktCapUsd), o.minOrderQty);
  f.minNotionalValue = o.minNotionalValue ?? base.minNotionalValue;
  f.maxLeverage = o.maxLeverage ?? base.maxLeverage;
  if (o.maxMktOrderQty) f.maxMktOrderQty = o.maxMktOrderQty;
  f.maxOrderQty = o.maxOrderQty ?? D.max(f.maxOrderQty, f.maxMktOrderQty);
  return f;
}

/** The price-derived filters for a given tick and step. */
function derived(price: Dec, tickSize: Dec, qtyStep: Dec, mktCapUsd: Dec, minOrderQty?: Dec): Filters {
  // Cheap contracts get a minimum of ten steps, so "on step but below minimum" is a reachable case.
  const minQty = minOrderQty ?? (qtyStep.mul(price).lt(0.2) ? qtyStep.mul(10) : qtyStep);
  const maxMktOrderQty = D.max(mktCapUsd.div(price).div(qtyStep).floor().mul(qtyStep), minQty);
  return {
    tickSize,
    qtyStep,
    minOrderQty: minQty,
    maxOrderQty: maxMktOrderQty.mul(5),
    maxMktOrderQty,
    minNotionalValue: new D(5),
    maxLeverage: new D(100),
  };
}

type Profile = (base: Filters, price: Dec) => Partial<Filters>;

const noProfile: Profile = () => ({});

function makeInstrument(
  base: string,
  quote: 'USDT' | 'USDC',
  priceUsd: Dec,
  rank: number,
  extra: Partial<Instrument> & { symbol: string },
  profile: Profile = noProfile,
): Omit<Instrument, 'symbolId'> {
  const f = filtersFor(priceUsd, rank, (b) => profile(b, priceUsd));
  const initialPrice = priceUsd.div(f.tickSize).round().mul(f.tickSize);
  checkFilters(extra.symbol, f, initialPrice);
  return {
    baseCoin: base,
    quoteCoin: quote,
    contractType: 'LinearPerpetual',
    status: 'Trading',
    symbolType: '',
    ...f,
    priceScale: Math.max(0, f.tickSize.decimalPlaces()),
    initialPrice,
    deliveryTime: '0',
    launchTime: LAUNCH_TIME,
    fundingIntervalMin: 480,
    ...extra,
  };
}

/** The head's hand-set profile, a seeded odd one for generated coins, none for the rest. */
function profileOf(coin: CoinSpec, tailRng: Rng): Profile {
  const head = coin.bybitBase ? HEAD_PROFILES.get(coin.bybitBase) : undefined;
  if (head) return () => head;
  if (coin.generated) return (b, price) => tailProfile(tailRng, b, price);
  return noProfile;
}

/**
 * The whole linear category: every listed coin's USDT perpetual, plus instruments a poller must drop
 * (USDC perpetuals, dated futures, PreLaunch, commodity/stock/forex contracts).
 */
export function buildInstruments(universe: CoinSpec[], seed: number): Instrument[] {
  const list: Omit<Instrument, 'symbolId'>[] = [];
  const tailRng = createRng(seed ^ 0x1f11e5);
  let perpIndex = 0;
  for (const coin of universe) {
    if (!coin.bybitBase) continue;
    perpIndex += 1;
    const price = coin.priceUsd.mul(coin.multiplier);
    // Small caps live in the innovation zone; they are still ordinary coins for the poller.
    const symbolType = perpIndex > 200 && perpIndex % 4 === 0 ? 'innovation' : '';
    const fundingIntervalMin = perpIndex > 100 && perpIndex % 3 === 0 ? 240 : 480;
    list.push(
      makeInstrument(
        coin.bybitBase,
        'USDT',
        price,
        perpIndex,
        { symbol: `${coin.bybitBase}USDT`, symbolType, fundingIntervalMin },
        profileOf(coin, tailRng),
      ),
    );
  }
  const byBase = new Map(universe.filter((c) => c.bybitBase).map((c) => [c.bybitBase as string, c]));
  const priceOf = (base: string) => {
    const c = byBase.get(base);
    if (!c) throw new Error(`no coin ${base}`);
    return c.priceUsd.mul(c.multiplier);
  };
  for (const base of ['BTC', 'ETH', 'SOL']) {
    list.push(makeInstrument(base, 'USDC', priceOf(base), 5, { symbol: `${base}PERP` }));
  }
  const futures: [string, string, 'USDT' | 'USDC', string][] = [
    ['BTC', 'BTCUSDT-26DEC25', 'USDT', '1766736000000'],
    ['BTC', 'BTCUSDT-27MAR26', 'USDT', '1774598400000'],
    ['ETH', 'ETHUSDT-26DEC25', 'USDT', '1766736000000'],
    ['BTC', 'BTC-26DEC25', 'USDC', '1766736000000'],
  ];
  for (const [base, symbol, quote, delivery] of futures) {
    list.push(
      makeInstrument(base, quote, priceOf(base), 5, {
        symbol,
        contractType: 'LinearFutures',
        deliveryTime: delivery,
        fundingIntervalMin: 0,
      }),
    );
  }
  for (const [base, price] of [
    ['PRELAUNCHA', '0.35'],
    ['PRELAUNCHB', '1.2'],
  ] as const) {
    list.push(
      makeInstrument(base, 'USDT', new D(price), 400, { symbol: `${base}USDT`, status: 'PreLaunch' }),
    );
  }
  list.push(makeInstrument('XAU', 'USDT', new D(2650), 50, { symbol: 'XAUUSDT', symbolType: 'commodity' }));
  list.push(makeInstrument('NVDA', 'USDT', new D(180), 80, { symbol: 'NVDAUSDT', symbolType: 'stock' }));
  list.push(makeInstrument('EUR', 'USDT', new D('1.08'), 80, { symbol: 'EURUSDT', symbolType: 'forex' }));
  // Bybit pages instruments in symbol order.
  list.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return list.map((inst, i) => ({ ...inst, symbolId: i + 1 }));
}

export function priceLimits(inst: Instrument): { minPrice: string; maxPrice: string } {
  return {
    minPrice: fixed(inst.tickSize, inst.priceScale),
    maxPrice: fixed(
      inst.initialPrice.mul(100).div(inst.tickSize).floor().mul(inst.tickSize),
      inst.priceScale,
    ),
  };
}

/** The wire object of `/v5/market/instruments-info` (docs/bybit-v5.md §2). */
export function instrumentToWire(inst: Instrument): Record<string, unknown> {
  const qtyDecimals = Math.max(0, inst.qtyStep.decimalPlaces());
  const isPreLaunch = inst.status === 'PreLaunch';
  return {
    symbol: inst.symbol,
    contractType: inst.contractType,
    status: inst.status,
    baseCoin: inst.baseCoin,
    quoteCoin: inst.quoteCoin,
    launchTime: inst.launchTime,
    deliveryTime: inst.deliveryTime,
    deliveryFeeRate: inst.contractType === 'LinearFutures' ? '0.0005' : '',
    priceScale: String(inst.priceScale),
    leverageFilter: { minLeverage: '1', maxLeverage: fixed(inst.maxLeverage, 2), leverageStep: '0.01' },
    priceFilter: { ...priceLimits(inst), tickSize: fixed(inst.tickSize, inst.priceScale) },
    lotSizeFilter: {
      maxOrderQty: fixed(inst.maxOrderQty, qtyDecimals),
      minOrderQty: fixed(inst.minOrderQty, qtyDecimals),
      qtyStep: fixed(inst.qtyStep, qtyDecimals),
      postOnlyMaxOrderQty: fixed(inst.maxOrderQty, qtyDecimals),
      maxMktOrderQty: fixed(inst.maxMktOrderQty, qtyDecimals),
      minNotionalValue: inst.minNotionalValue.toFixed(),
    },
    unifiedMarginTrade: true,
    fundingInterval: inst.fundingIntervalMin,
    settleCoin: inst.quoteCoin,
    copyTrading: 'both',
    upperFundingRate: '0.02',
    lowerFundingRate: '-0.02',
    isPreListing: isPreLaunch,
    preListingInfo: isPreLaunch
      ? {
          curAuctionPhase: 'ContinuousTrading',
          phases: [],
          auctionFeeInfo: { auctionFeeRate: '0', takerFeeRate: '0.001', makerFeeRate: '0.0004' },
        }
      : null,
    riskParameters: { priceLimitRatioX: '0.05', priceLimitRatioY: '0.1' },
    displayName: '',
    symbolType: inst.symbolType,
    symbolId: inst.symbolId,
  };
}
