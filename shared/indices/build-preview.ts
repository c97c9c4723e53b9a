import { Dec, sum, toText } from '../decimal';
import type { Direction, Message, Preview } from '../domain/preview';
import { defaultTrackingErrorAcknowledgePercent, estimatedTakerFeeRate } from '../domain/preview';
import type { ResolvedIndex } from './constituents';
import { formatFixed, formatPercent, formatUsdt } from '../format/numbers';
import { byRank } from './constituents';
import { minimumUsdtSize, minimumUsdtSizeWithMargin } from './minimum-size';
import { openAcknowledgement } from './open-acknowledgement';
import { sizeBasket, type LegMarket } from './sizing';

export interface PreviewInput {
  indexId: string;
  indexName: string;
  resolved: ResolvedIndex;
  markets: ReadonlyMap<string, LegMarket>;
  unavailable?: ReadonlyMap<string, Message>;
  usdtSize: string;
  direction: Direction;
  leverage: string;
  strict: boolean;
  maxSlippagePercent: string;
  snapshotDate: string | null;
  pricedAt: string;
  availableBalance: string | null;
  /** Tracking error (%) above which opening needs an acknowledgement (Settings; default 5). */
  acknowledgeAbovePercent?: string;
  /** Problems found outside the math (key, universe age, …); they come first. */
  problems?: readonly Message[];
  notes?: readonly Message[];
}

/** Weights and their error are shown to 12 decimals (a millionth of a basis point). */
const weightPlaces = 12;
/** Margin and fees are shown to the smallest USDT amount Bybit books (8 decimals). */
const moneyPlaces = 8;

const weight = (value: Dec) => toText(value.toDecimalPlaces(weightPlaces));
const money = (value: Dec) => toText(value.toDecimalPlaces(moneyPlaces));

/**
 * The whole pre-trade preview from data already fetched: pure, so the core and the renderer compute the
 * same numbers and tests can drive it with any universe. Nothing here sends or stores anything.
 */
export function buildPreview(input: PreviewInput): Preview {
  const size = new Dec(input.usdtSize);
  const leverage = new Dec(input.leverage);
  const slippage = new Dec(input.maxSlippagePercent).div(100);
  const { constituents, missing, shortfall } = input.resolved;
  const unavailable = new Map(input.unavailable ?? []);
  for (const symbol of missing)
    unavailable.set(symbol, {
      code: 'NOT_IN_UNIVERSE',
      message: `${symbol} is not in today's universe of tradable USDT perpetuals.`,
    });
  const sizing = sizeBasket({
    constituents,
    markets: input.markets,
    unavailable,
    usdtSize: size,
    direction: input.direction,
    slippage,
    cap: input.resolved.cap,
  });
  const notional = sizing.totalNotional;
  const fees = notional.mul(estimatedTakerFeeRate);
  const margin = notional.div(leverage);
  const problems: Message[] = [...(input.problems ?? [])];
  const notes: Message[] = [...(input.notes ?? [])];

  if (shortfall)
    problems.push({ code: 'UNIVERSE_TOO_SMALL', message: `This index cannot be built: ${shortfall}.` });
  if (missing.length > 0)
    problems.push({
      code: 'SYMBOL_NOT_IN_UNIVERSE',
      message: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in today's universe. Edit the basket, or wait for the coin to be listed again.`,
    });
  const tooLeveraged = sizing.legs.filter((leg) => leverage.gt(leg.market.maxLeverage));
  if (tooLeveraged.length > 0)
    problems.push({
      code: 'LEVERAGE_TOO_HIGH',
      message: `${leverage.toFixed()}× is above Bybit's maximum for ${tooLeveraged
        .map((leg) => `${leg.constituent.symbol} (${leg.market.maxLeverage}×)`)
        .join(
          ', ',
        )}. Lower the leverage to at most ${Dec.min(...tooLeveraged.map((l) => new Dec(l.market.maxLeverage))).toFixed()}×.`,
    });
  const oversized = sizing.legs.filter((leg) => leg.orders.length === 0);
  if (oversized.length > 0)
    problems.push({
      code: 'LEG_TOO_LARGE',
      message: `${oversized.map((leg) => leg.constituent.symbol).join(', ')} would need more orders than one leg may send at this size. Lower the size.`,
    });
  const droppedForSize = sizing.dropped.filter((d) => d.reason.code.startsWith('BELOW_MIN'));
  if (sizing.legs.length === 0 && constituents.length > 0)
    problems.push({
      code: 'NOTHING_TRADABLE',
      message: 'No leg of this index can be traded at this size.',
    });
  else if (input.strict && sizing.dropped.length > 0)
    problems.push({
      code: 'LEGS_DROPPED',
      message: `Strict sizing: ${sizing.dropped.length} leg${sizing.dropped.length === 1 ? '' : 's'} would be dropped. Raise the size or turn strict off.`,
    });
  else if (sizing.renormalised)
    notes.push({
      code: 'RENORMALISED',
      message: `${droppedForSize.length} leg${droppedForSize.length === 1 ? ' is' : 's are'} too small at ${formatUsdt(toText(size))} and left out; the other weights were scaled up to fill the size.`,
    });
  const indexCap = input.resolved.cap;
  if (indexCap && sizing.cap && sizing.cap.gt(indexCap))
    notes.push({
      code: 'CAP_RAISED',
      message: `Only ${sizing.legs.length} leg${sizing.legs.length === 1 ? ' is' : 's are'} kept at ${formatUsdt(size.toFixed())}: they cannot all stay under the ${formatPercent(indexCap.toFixed(), 0)} cap and add up to 100 %, so each may weigh up to ${formatPercent(sizing.cap.toFixed(), 2)}. Raise the size to keep more legs.`,
    });
  if (input.availableBalance !== null && new Dec(input.availableBalance).lt(margin.plus(fees)))
    problems.push({
      code: 'INSUFFICIENT_BALANCE',
      message: `The account has ${formatFixed(input.availableBalance, 2)} USDT available; this position needs about ${formatFixed(toText(margin.plus(fees)), 2)} USDT (margin at ${leverage.toFixed()}× plus fees).`,
    });

  const minimum = minimumUsdtSize(constituents, input.markets, slippage, input.resolved.cap);
  const minimumWithMargin = minimumUsdtSizeWithMargin(
    constituents,
    input.markets,
    slippage,
    input.resolved.cap,
  );
  return {
    indexId: input.indexId,
    indexName: input.indexName,
    usdtSize: toText(size),
    direction: input.direction,
    leverage: toText(leverage),
    strict: input.strict,
    maxSlippagePercent: toText(new Dec(input.maxSlippagePercent)),
    snapshotDate: input.snapshotDate,
    pricedAt: input.pricedAt,
    legs: sizing.legs.map((leg) => ({
      symbol: leg.constituent.symbol,
      rank: leg.constituent.rank,
      indexWeight: weight(leg.constituent.weight),
      targetWeight: weight(leg.targetWeight),
      achievedWeight: weight(leg.achievedWeight),
      price: toText(leg.price),
      side: leg.side,
      quantity: toText(leg.quantity),
      notional: toText(leg.notional),
      orders: leg.orders.map(toText),
      qtyStep: leg.market.qtyStep,
      minOrderQty: leg.market.minOrderQty,
      minNotionalValue: leg.market.minNotionalValue,
      maxMktOrderQty: leg.market.maxMktOrderQty,
      maxLeverage: leg.market.maxLeverage,
      warnings: leg.warnings,
    })),
    dropped: [...sizing.dropped]
      .sort((a, b) => byRank(a.constituent, b.constituent))
      .map((d) => ({
        symbol: d.constituent.symbol,
        rank: d.constituent.rank,
        indexWeight: weight(d.constituent.weight),
        quantity: toText(d.quantity),
        notional: toText(d.notional),
        reason: d.reason,
      })),
    renormalised: sizing.renormalised,
    totals: {
      notional: toText(notional),
      estimatedFees: money(fees),
      initialMargin: money(margin),
      availableBalance: input.availableBalance,
      orders: sum(sizing.legs.map((leg) => new Dec(leg.orders.length))).toNumber(),
    },
    trackingError: weight(sizing.trackingError),
    acknowledgement: openAcknowledgement({
      constituents,
      dropped: sizing.dropped.map((d) => d.constituent),
      trackingError: sizing.trackingError,
      thresholdPercent: input.acknowledgeAbovePercent ?? defaultTrackingErrorAcknowledgePercent,
    }),
    cap: sizing.cap ? weight(sizing.cap) : null,
    minimumUsdtSize: minimum ? toText(minimum) : null,
    minimumUsdtSizeWithMargin: minimumWithMargin ? toText(minimumWithMargin) : null,
    problems,
    notes,
  };
}
