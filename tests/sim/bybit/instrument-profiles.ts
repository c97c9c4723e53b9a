import { D, type Dec, isMultipleOf } from './decimal';
import type { Rng } from './rng';

/** The filters an instrument trades under; every one of them can be overridden per symbol. */
export interface Filters {
  tickSize: Dec;
  qtyStep: Dec;
  minOrderQty: Dec;
  maxOrderQty: Dec;
  maxMktOrderQty: Dec;
  minNotionalValue: Dec;
  maxLeverage: Dec;
}

/**
 * Hand-set filters of the hand-written head of the universe (universe-data.ts), so the baskets a
 * trader previews first (top 10, 20, 50) hold the cases that catch rounding bugs: quantity steps of 0.05,
 * 0.25, 0.5, 5, 25 and 100, ticks that are not powers of ten, minimum order values of 10 and 20 USDT,
 * maxMktOrderQty low enough that a realistic leg needs several orders, maxLeverage from 5 to 100.
 * BTC, ETH, SOL, DOGE, XRP, LINK and AVAX keep Bybit-like powers of ten (other tests rely on them).
 * Columns: baseCoin | tickSize | qtyStep | minOrderQty | minNotionalValue | maxMktOrderQty | maxOrderQty |
 * maxLeverage; an empty cell keeps the value derived from the price (instruments.ts).
 */
const HEAD_TABLE = `
BTC|0.1|0.001|0.001|5|500|1190|100
ETH|0.01|0.01|0.01|5|||100
XRP|||||||75
BNB|0.05|0.01|0.01|10|||50
SOL|||||||100
TRX|0.00005|25|25|10|||50
DOGE|||||||75
ADA||1|1|5|150||75
HYPE|0.005|0.05|0.05|20|||25
LINK|||||||50
XLM||100|100|20|||50
BCH|0.05|0.01|0.01|20|||50
SUI|0.0005|0.5|0.5|5|2000||25
AVAX|||||||50
HBAR|0.00005|25|50|10|||25
LTC|0.05|0.25|0.25|20|20||50
SHIB1000|0.0000005|100|100|5|50000||25
TON|0.0005||||||20
XMR|0.05|0.01|0.01|20|5||10
DOT|||||100||25
UNI|||||||25
MNT||5|5|||| 20
1000PEPE|0.0000005|100|100|5|||25
AAVE|0.05|0.05|0.05|10|||25
TAO|0.25|0.005|0.005|10|2||10
NEAR|||||100||25
ETC|||||||5
APT|0.0005|0.05|0.05|10|||20
ONDO||25|25|5|||25
ICP||||10|||20
POL||100|100|20|||25
KAS|0.000005||||||12.5
ARB||||10|||50
ATOM|0.0005|0.5|0.5||200||25
VET||100|1000|||| 20
TRUMP|0.0005|0.05|0.05|10|||10
SEI||25|25||||25
`;

export const HEAD_PROFILES: ReadonlyMap<string, Partial<Filters>> = parseHeadTable(HEAD_TABLE);

function parseHeadTable(table: string): Map<string, Partial<Filters>> {
  const keys = [
    'tickSize',
    'qtyStep',
    'minOrderQty',
    'minNotionalValue',
    'maxMktOrderQty',
    'maxOrderQty',
    'maxLeverage',
  ] as const;
  const out = new Map<string, Partial<Filters>>();
  for (const line of table.trim().split('\n')) {
    const [base, ...cells] = line.split('|').map((c) => c.trim());
    if (!base || cells.length !== keys.length) throw new Error(`bad instrument profile line: ${line}`);
    const profile: Partial<Filters> = {};
    keys.forEach((k, i) => {
      const cell = cells[i];
      if (cell) profile[k] = new D(cell);
    });
    out.set(base, profile);
  }
  return out;
}

function pick<T>(rng: Rng, options: readonly T[]): T {
  return options[Math.floor(rng() * options.length)] as T;
}

function ceilToStep(value: Dec, step: Dec): Dec {
  return value.div(step).ceil().mul(step);
}

/**
 * Seeded odd filters for a generated small cap: a step of 1, ½ or ¼ of the power-of-ten one, a tick of
 * 1, 2.5 or 5 times it, minimum values of 5, 10 or 20 USDT, a low maxMktOrderQty on about one in five,
 * maxLeverage down to 5. Always draws the same number of values, so one symbol's profile never shifts
 * another's.
 */
export function tailProfile(rng: Rng, base: Filters, price: Dec): Partial<Filters> {
  const stepFactor = pick(rng, ['1', '1', '1', '0.5', '0.25'] as const);
  const tickFactor = pick(rng, ['1', '1', '1', '2.5', '5'] as const);
  const minNotionalValue = new D(pick(rng, [5, 5, 5, 10, 20] as const));
  const minSteps = pick(rng, [1, 1, 1, 4, 10] as const);
  const leverage = pick(rng, [null, null, null, 5, 8, 10, 20] as const);
  const lowMarketCapUsdt = rng() < 0.2 ? 300 + Math.floor(rng() * 2700) : null;
  if (lowMarketCapUsdt === null) rng();

  const qtyStep = base.qtyStep.mul(stepFactor);
  const minOrderQty = qtyStep.mul(minSteps);
  const out: Partial<Filters> = {
    tickSize: base.tickSize.mul(tickFactor),
    qtyStep,
    minOrderQty,
    minNotionalValue,
    maxMktOrderQty: D.max(base.maxMktOrderQty.div(qtyStep).floor().mul(qtyStep), minOrderQty),
  };
  if (leverage !== null) out.maxLeverage = D.min(new D(leverage), base.maxLeverage);
  if (lowMarketCapUsdt !== null) {
    // Never below three of the smallest orders the exchange accepts, so a split is always possible.
    const smallest = D.max(minOrderQty, ceilToStep(minNotionalValue.div(price), qtyStep));
    const low = new D(lowMarketCapUsdt).div(price).div(qtyStep).floor().mul(qtyStep);
    out.maxMktOrderQty = D.max(low, smallest.mul(3));
  }
  return out;
}

/**
 * Throws unless the filters are self-consistent the way Bybit's are: quantities on the step, market cap
 * within the order cap, a minimum order that fits under both caps, prices on the tick, leverage on 0.01.
 */
export function checkFilters(symbol: string, f: Filters, price: Dec): void {
  const fail = (what: string) => {
    throw new Error(`instrument ${symbol}: ${what}`);
  };
  for (const [name, v] of Object.entries(f)) if (!(v as Dec).gt(0)) fail(`${name} must be positive`);
  if (!isMultipleOf(f.minOrderQty, f.qtyStep)) fail('minOrderQty is not on qtyStep');
  if (!isMultipleOf(f.maxMktOrderQty, f.qtyStep)) fail('maxMktOrderQty is not on qtyStep');
  if (!isMultipleOf(f.maxOrderQty, f.qtyStep)) fail('maxOrderQty is not on qtyStep');
  if (f.maxMktOrderQty.gt(f.maxOrderQty)) fail('maxMktOrderQty above maxOrderQty');
  if (f.minOrderQty.gt(f.maxMktOrderQty)) fail('minOrderQty above maxMktOrderQty');
  if (!isMultipleOf(price, f.tickSize)) fail('price is not on tickSize');
  // Bybit prints the tick as a decimal with priceScale places; a tick like 0.3 would break that.
  if (!/^(1|25|5)0*$/.test(f.tickSize.mul(new D(10).pow(f.tickSize.decimalPlaces())).toFixed()))
    fail(`tickSize ${f.tickSize.toFixed()} is not 1, 2.5 or 5 times a power of ten`);
  if (f.maxLeverage.lt(1) || f.maxLeverage.gt(100) || !isMultipleOf(f.maxLeverage, new D('0.01')))
    fail('maxLeverage outside [1, 100] or off its 0.01 step');
  const smallest = D.max(f.minOrderQty, ceilToStep(f.minNotionalValue.div(price), f.qtyStep));
  if (smallest.mul(3).gt(f.maxMktOrderQty)) fail('maxMktOrderQty below three minimum orders');
}
