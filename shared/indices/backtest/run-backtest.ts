import { Dec, toText } from '../../decimal';
import type { BacktestResult, RebalanceRule } from '../../domain/backtest';
import type { IndexDefinition } from '../../domain/indices';
import type { Direction, Message } from '../../domain/preview';
import { formatFixed } from '../../format/numbers';
import { addDays, daysBetween } from './calendar';
import { fixedText, fixedToDec, toFixed, type Fixed } from './fixed';
import { GapLog } from './gap-log';
import { MarketTape, type BacktestData } from './market-tape';
import { simulateStrategy, type StrategySpec } from './simulate';
import { performanceStats } from './stats';

export interface BacktestInput {
  indexId: string | null;
  indexName: string;
  definition: IndexDefinition;
  usdtSize: string;
  direction: Direction;
  leverage: string;
  from: string;
  to: string;
  rebalance: RebalanceRule;
  feesBps: string;
  /** The slippage cap the live sizing checks minimum order values at (percent). */
  maxSlippagePercent: string;
  data: BacktestData;
}

/** The benchmark: the same margin in BTC alone. */
export const benchmarkSymbol = 'BTCUSDT';

const money = (value: Fixed) => fixedText(value, 8);

/**
 * A perp-faithful backtest of an index, pure: the index as the trader would hold it (rebalanced by its
 * rule), the first basket never rebalanced (`hodl`), and the same margin, size, direction and leverage
 * in BTCUSDT alone (`btc`), each marked at every day's close. Where the stored history is thin the
 * result says so (`notes`) and from which day it is faithful, rather than quietly filling the holes.
 */
export function runBacktest(input: BacktestInput): BacktestResult {
  const days = daysBetween(input.from, input.to);
  const tape = new MarketTape(input.data, days);
  const base: Omit<StrategySpec, 'definition' | 'rule'> = {
    usdtSize: new Dec(input.usdtSize),
    direction: input.direction,
    leverage: new Dec(input.leverage),
    feeRate: toFixed(new Dec(input.feesBps).div(10_000)),
    slippage: new Dec(input.maxSlippagePercent).div(100),
  };
  const main = simulateStrategy(tape, { ...base, definition: input.definition, rule: input.rebalance });
  const hodl =
    'never' in input.rebalance
      ? main
      : simulateStrategy(tape, { ...base, definition: input.definition, rule: { never: true } });
  const btcHistory = tape.row(benchmarkSymbol, 0) !== null && input.data.filters.has(benchmarkSymbol);
  const btc = btcHistory
    ? simulateStrategy(tape, {
        ...base,
        definition: { kind: 'basket', weighting: 'equal', legs: [{ symbol: benchmarkSymbol }] },
        rule: { never: true },
      })
    : null;

  const gaps = new GapLog();
  gaps.merge(main.gaps);
  gaps.merge(hodl.gaps);
  const lastGap = [...gaps.days].sort().at(-1);
  const faithfulFrom = lastGap === undefined ? input.from : lastGap >= input.to ? null : addDays(lastGap, 1);
  const margin = base.usdtSize.div(base.leverage);
  const notes: Message[] = [
    ...gaps.messages(input.data.snapshots[0]?.date ?? null),
    ...(btc
      ? []
      : [
          {
            code: 'NO_BENCHMARK',
            message: `${benchmarkSymbol} has no stored history on ${input.from}: no BTC line.`,
          },
        ]),
    ...liquidationNotes(main.liquidatedOn, hodl.liquidatedOn),
    {
      code: 'MODEL',
      message: `Trades fill at the day's opening mark and pay a ${formatFixed(input.feesBps, 2)} bp taker fee; funding is charged at every settlement on the mark then (estimated between the day's open and close); quantity steps and minimum quantities are today's (Bybit publishes no history of them), minimum order values each snapshot's.`,
    },
  ];
  return {
    indexId: input.indexId,
    indexName: input.indexName,
    from: input.from,
    to: input.to,
    series: days.map((t, i) => ({
      t,
      nav: money(main.navs[i]!),
      btc: btc ? money(btc.navs[i]!) : null,
      hodl: money(hodl.navs[i]!),
    })),
    stats: {
      ...performanceStats(main.navs.map(fixedToDec), margin),
      fundingPaid: money(main.fundingPaid),
      feesPaid: money(main.feesPaid),
      turnover: toText(fixedToDec(main.rebalanceTraded).div(base.usdtSize).toDecimalPlaces(8)),
      rebalances: Math.max(0, main.log.length - 1),
    },
    faithfulFrom,
    notes,
    rebalanceLog: main.log,
  };
}

function liquidationNotes(index: string | null, hodl: string | null): Message[] {
  const out: Message[] = [];
  if (index)
    out.push({
      code: 'LIQUIDATED',
      message: `The basket's margin was gone on ${index}: Bybit would have liquidated it; the NAV stays at 0 after.`,
    });
  if (hodl && hodl !== index)
    out.push({
      code: 'HODL_LIQUIDATED',
      message: `The first basket, never rebalanced, lost its margin on ${hodl}.`,
    });
  return out;
}
