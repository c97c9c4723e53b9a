import { Dec, toText } from '../../decimal';
import type { RebalanceEntry, RebalanceRule } from '../../domain/backtest';
import type { IndexDefinition } from '../../domain/indices';
import type { Direction, Message } from '../../domain/preview';
import { resolveIndex, type ResolvedIndex } from '../constituents';
import { sizeBasket, type LegMarket } from '../sizing';
import { BasketBook } from './basket-book';
import { calendarRebalanceDue } from './calendar';
import { absFixed, fixedText, toFixed, type Fixed } from './fixed';
import { GapLog } from './gap-log';
import type { MarketTape, MembershipSnapshot } from './market-tape';

export interface StrategySpec {
  definition: IndexDefinition;
  rule: RebalanceRule;
  usdtSize: Dec;
  direction: Direction;
  leverage: Dec;
  feeRate: Fixed;
  /** Worst fill the sizing allows for Bybit's minimum order value check (as a live preview). */
  slippage: Dec;
}

export interface StrategyRun {
  /** Equity at each day's close. */
  navs: Fixed[];
  log: RebalanceEntry[];
  feesPaid: Fixed;
  fundingPaid: Fixed;
  /** Notional traded by rebalances (not the first open). */
  rebalanceTraded: Fixed;
  gaps: GapLog;
  liquidatedOn: string | null;
}

const money = (value: Fixed) => fixedText(value, 8);

/**
 * One basket through the days: opened at the first day's opening mark, sized by the live preview's code
 * (`sizeBasket`: steps, minimums, legs dropped at this size) on the snapshot of each rebalance date, held
 * on the mark in between, paying taker fees on trades and funding at every settlement of every leg. Each
 * day: the 00:00 settlement on what was held overnight, the move to the open, the rebalance if due, the
 * settlements of the day, the move to the close.
 */
export function simulateStrategy(tape: MarketTape, spec: StrategySpec): StrategyRun {
  const book = new BasketBook(toFixed(spec.usdtSize.div(spec.leverage).toDecimalPlaces(18)));
  const gaps = new GapLog();
  const navs: Fixed[] = [];
  const log: RebalanceEntry[] = [];
  const resolvedBySnapshot = new Map<string, ResolvedIndex>();
  let lastWeights = new Map<string, Fixed>();
  let lastMembers = '';
  let rebalanceTraded = 0n;
  let liquidatedOn: string | null = null;
  const resolve = (snapshot: MembershipSnapshot) => {
    let resolved = resolvedBySnapshot.get(snapshot.date);
    if (!resolved)
      resolvedBySnapshot.set(snapshot.date, (resolved = resolveIndex(spec.definition, snapshot.assets)));
    return resolved;
  };
  // Only a drift rule needs the index's members every day (a change of them is a reason to rebalance).
  const drift = 'trackingErrorAbove' in spec.rule;

  tape.days.forEach((day, i) => {
    if (liquidatedOn) return void navs.push(0n);
    const found = tape.snapshotAt(i);
    if (!found) throw new RangeError('a backtest needs at least one universe snapshot');
    // A basket's coins are its own: only a rule's members depend on which snapshot is used.
    if (found.lookAhead && spec.definition.kind === 'rule') gaps.add('LOOK_AHEAD', '', day);
    if (i > 0) book.payFunding((symbol) => tape.row(symbol, i)?.fundingAtOpen ?? null);
    // A holding without a mark today is gone (delisted, or history missing): closed at its last mark.
    // The others are valued at the open only when traded: the close values them all anyway.
    const gone = [...book.holdings.keys()].filter((symbol) => !tape.row(symbol, i));
    if (gone.length > 0) {
      for (const symbol of gone) gaps.add('CLOSED_NO_MARK', symbol, day);
      const keep = new Map([...book.holdings].filter(([symbol]) => !gone.includes(symbol)));
      book.tradeTo(keep, (symbol) => book.lastPrice(symbol)!, spec.feeRate);
    }
    const members = drift ? memberList(resolve(found.snapshot)) : '';
    if (i === 0 || rebalanceDue(spec.rule, tape, i, members !== lastMembers, book, lastWeights)) {
      const entry = rebalance(tape, spec, i, found.snapshot, resolve(found.snapshot), book, gaps);
      if (i > 0) rebalanceTraded += entry.traded;
      lastWeights = entry.weights;
      lastMembers = members;
      log.push(entry.logEntry);
    }
    book.payFunding((symbol) => tape.row(symbol, i)?.fundingDuring ?? null);
    for (const symbol of book.holdings.keys())
      if (!tape.fundingKnown(symbol, i)) gaps.add('FUNDING_UNKNOWN', symbol, day);
    book.markTo((symbol) => tape.row(symbol, i)?.close ?? null);
    if (book.equity <= 0n) {
      // The margin is gone: Bybit would have liquidated the legs; nothing is left to hold.
      liquidatedOn = day;
      book.holdings.clear();
      return void navs.push(0n);
    }
    navs.push(book.equity);
  });
  return {
    navs,
    log,
    feesPaid: book.feesPaid,
    fundingPaid: book.fundingPaid,
    rebalanceTraded,
    gaps,
    liquidatedOn,
  };
}

const memberList = (resolved: ResolvedIndex) => resolved.constituents.map((c) => c.symbol).join(',');

/** Calendar rules by the date; a drift rule when the index changed or the weights drifted past it. */
function rebalanceDue(
  rule: RebalanceRule,
  tape: MarketTape,
  i: number,
  indexChanged: boolean,
  book: BasketBook,
  lastWeights: ReadonlyMap<string, Fixed>,
): boolean {
  if ('never' in rule) return false;
  if ('every' in rule) return calendarRebalanceDue(rule, tape.days[i]!);
  if (indexChanged) return true;
  const held = book.weights((symbol) => tape.row(symbol, i)?.open ?? null);
  let drift = 0n;
  for (const symbol of new Set([...held.keys(), ...lastWeights.keys()]))
    drift += absFixed((held.get(symbol) ?? 0n) - (lastWeights.get(symbol) ?? 0n));
  // ½ Σ |held − sized| above the percentage: 200 × drift > percent, in whole units.
  return drift * 50n > toFixed(rule.trackingErrorAbove);
}

function rebalance(
  tape: MarketTape,
  spec: StrategySpec,
  i: number,
  snapshot: MembershipSnapshot,
  resolved: ResolvedIndex,
  book: BasketBook,
  gaps: GapLog,
): { logEntry: RebalanceEntry; traded: Fixed; weights: Map<string, Fixed> } {
  const day = tape.days[i]!;
  const markets = new Map<string, LegMarket>();
  const unavailable = new Map<string, Message>();
  const minNotional = new Map(snapshot.assets.map((a) => [a.symbol, a.minNotionalValue]));
  for (const { symbol } of resolved.constituents) {
    const parsed = tape.row(symbol, i);
    const filters = tape.data.filters.get(symbol);
    if (!parsed) {
      gaps.add('NO_MARKS', symbol, day);
      unavailable.set(symbol, { code: 'NO_MARKS', message: `${symbol} has no mark price on ${day}.` });
    } else if (!filters) {
      gaps.add('NO_FILTERS', symbol, day);
      unavailable.set(symbol, { code: 'NO_FILTERS', message: `${symbol} is not listed on Bybit today.` });
    } else
      markets.set(symbol, {
        symbol,
        price: fixedText(parsed.open, 18),
        ...filters,
        minNotionalValue: minNotional.get(symbol) ?? filters.minNotionalValue,
      });
  }
  const sizing = sizeBasket({
    constituents: resolved.constituents,
    markets,
    unavailable,
    usdtSize: spec.usdtSize,
    direction: spec.direction,
    slippage: spec.slippage,
    cap: resolved.cap,
  });
  const sign = spec.direction === 'long' ? 1 : -1;
  const targets = new Map(
    sizing.legs.map((leg) => [leg.constituent.symbol, toFixed(leg.quantity.mul(sign))] as const),
  );
  const before = new Set(book.holdings.keys());
  // Valued at the open first, so NAV before and after the trades differs by their fees alone.
  book.markTo((symbol) => tape.row(symbol, i)?.open ?? null);
  const navBefore = book.equity;
  const { fees, traded } = book.tradeTo(targets, (symbol) => tape.row(symbol, i)!.open, spec.feeRate);
  return {
    traded,
    weights: new Map(
      sizing.legs.map((leg) => [leg.constituent.symbol, toFixed(leg.achievedWeight.toDecimalPlaces(18))]),
    ),
    logEntry: {
      t: day,
      snapshotDate: snapshot.date,
      legs: sizing.legs.map((leg) => ({
        symbol: leg.constituent.symbol,
        quantity: toText(leg.quantity.mul(sign)),
        weight: toText(leg.achievedWeight.toDecimalPlaces(8)),
      })),
      entered: [...targets.keys()].filter((symbol) => !before.has(symbol)),
      exited: [...before].filter((symbol) => !targets.has(symbol)),
      navBefore: money(navBefore),
      navAfter: money(book.equity),
      fees: money(fees),
      turnover: toText(new Dec(fixedText(traded, 18)).div(spec.usdtSize).toDecimalPlaces(8)),
    },
  };
}
