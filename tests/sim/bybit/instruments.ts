import { D, type Dec, fixed } from './decimal';
import type { CoinSpec } from './universe';

export type ContractType = 'LinearPerpetual' | 'LinearFutures';
export type InstrumentStatus = 'PreLaunch' | 'Trading' | 'Delivering' | 'Closed';

/** Internal view of an instrument: decimals for the matching engine, plus the wire object Bybit returns. */
export interface Instrument {
  symbol: string;
  baseCoin: string;
  quoteCoin: 'USDT' | 'USDC';
  contractType: ContractType;
  status: InstrumentStatus;
  symbolType: '' | 'innovation' | 'commodity' | 'stock' | 'forex';
  tickSize: Dec;
  priceScale: number;
  qtyStep: Dec;
  minOrderQty: Dec;
  maxOrderQty: Dec;
  maxMktOrderQty: Dec;
  minNotionalValue: Dec;
  maxLeverage: Dec;
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

/** Filters that look like Bybit's for a contract at this price: ~5-6 significant price digits, a qty step worth cents to dollars. */
function filtersFor(
  price: Dec,
  rank: number,
): Pick<
  Instrument,
  | 'tickSize'
  | 'priceScale'
  | 'qtyStep'
  | 'minOrderQty'
  | 'maxOrderQty'
  | 'maxMktOrderQty'
  | 'minNotionalValue'
  | 'maxLeverage'
> {
  const magnitude = Math.floor(price.log(10).toNumber());
  const tickExp = Math.min(magnitude - 5, -1);
  const tickSize = pow10(tickExp);
  const priceScale = -tickExp;
  const stepTarget = price.gte(100) ? new D(100) : price.gte(1) ? new D(10) : new D(1);
  const qtyStep = pow10(Math.floor(stepTarget.div(price).log(10).toNumber()));
  // Cheap contracts get a minimum of ten steps, so "on step but below minimum" is a reachable case.
  const minOrderQty = qtyStep.mul(price).lt(0.2) ? qtyStep.mul(10) : qtyStep;
  const mktCapUsd = rank <= 10 ? 10_000_000 : rank <= 50 ? 2_000_000 : rank <= 150 ? 500_000 : 200_000;
  const maxMktOrderQty = D.max(new D(mktCapUsd).div(price).div(qtyStep).floor().mul(qtyStep), minOrderQty);
  const maxLeverage = new D(rank <= 2 ? 100 : rank <= 10 ? 75 : rank <= 40 ? 50 : rank <= 120 ? 25 : 12.5);
  return {
    tickSize,
    priceScale,
    qtyStep,
    minOrderQty,
    maxOrderQty: maxMktOrderQty.mul(5),
    maxMktOrderQty,
    minNotionalValue: new D(5),
    maxLeverage,
  };
}

function makeInstrument(
  base: string,
  quote: 'USDT' | 'USDC',
  priceUsd: Dec,
  rank: number,
  extra: Partial<Instrument> & { symbol: string },
): Omit<Instrument, 'symbolId'> {
  const f = filtersFor(priceUsd, rank);
  return {
    baseCoin: base,
    quoteCoin: quote,
    contractType: 'LinearPerpetual',
    status: 'Trading',
    symbolType: '',
    ...f,
    initialPrice: priceUsd.div(f.tickSize).round().mul(f.tickSize),
    deliveryTime: '0',
    launchTime: LAUNCH_TIME,
    fundingIntervalMin: 480,
    ...extra,
  };
}

/**
 * The whole linear category: every listed coin's USDT perpetual, plus instruments a poller must drop
 * (USDC perpetuals, dated futures, PreLaunch, commodity/stock/forex contracts).
 */
export function buildInstruments(universe: CoinSpec[]): Instrument[] {
  const list: Omit<Instrument, 'symbolId'>[] = [];
  let perpIndex = 0;
  for (const coin of universe) {
    if (!coin.bybitBase) continue;
    perpIndex += 1;
    const price = coin.priceUsd.mul(coin.multiplier);
    // Small caps live in the innovation zone; they are still ordinary coins for the poller.
    const symbolType = perpIndex > 200 && perpIndex % 4 === 0 ? 'innovation' : '';
    const fundingIntervalMin = perpIndex > 100 && perpIndex % 3 === 0 ? 240 : 480;
    list.push(
      makeInstrument(coin.bybitBase, 'USDT', price, perpIndex, {
        symbol: `${coin.bybitBase}USDT`,
        symbolType,
        fundingIntervalMin,
      }),
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

function priceLimits(inst: Instrument): { minPrice: string; maxPrice: string } {
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
