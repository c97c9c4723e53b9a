import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePrices, type LegMark } from '../../electron/core/risk/risk-evaluator';
import { Dec } from '../../shared/decimal';
import { riskRulesSchema, type RiskRules } from '../../shared/domain/risk';
import { effectiveStop, legPriceFor, levelUsdt, type StopMemory } from '../../shared/risk/levels';
import { latestDueSlot, nextSlot } from '../../shared/risk/schedule';

/** The numbers behind the rules: levels, the stop that applies, the evaluator's decisions, the calendar. */

const margin = new Dec(100);
const legs: LegMark[] = [
  { symbol: 'BTCUSDT', quantity: new Dec('0.01'), mark: new Dec(50000) },
  { symbol: 'ETHUSDT', quantity: new Dec('-0.1'), mark: new Dec(3000) },
];
const fresh = (): StopMemory => ({ peak: null, breakEven: null });
const armed = (rules: RiskRules, memory = fresh()) => ({
  rules,
  margin,
  memory,
  targets: null,
  lastThresholdAt: null,
});
/** Runs a PnL path through the evaluator; returns the index and decision of the first fire. */
function firstFire(rules: RiskRules, path: Dec[]) {
  const state = armed(rules);
  for (const [i, pnl] of path.entries()) {
    const outcome = evaluatePrices(state, pnl, () => legs, 0, 0);
    if (outcome.decision) return { i, ...outcome.decision, memory: state.memory };
  }
  return null;
}

const pnlValue = fc.integer({ min: -20_000, max: 20_000 }).map((cents) => new Dec(cents).div(100));

describe('rule levels', () => {
  it('a percent level is of the initial margin, a USDT level is itself', () => {
    expect(levelUsdt({ percent: '-2' }, margin).toFixed()).toBe('-2');
    expect(levelUsdt({ percent: '5.5' }, new Dec(400)).toFixed()).toBe('22');
    expect(levelUsdt({ usdt: '-7.25' }, margin).toFixed()).toBe('-7.25');
  });

  it('the stop that applies is the highest of stop-loss, trailing and break-even', () => {
    const rules: RiskRules = {
      stopLoss: { percent: '-5' },
      trailingStop: { percent: '3' },
      breakEvenAfter: { percent: '4' },
    };
    expect(effectiveStop(rules, fresh(), margin)).toEqual({ rule: 'stopLoss', usdt: new Dec(-5) });
    expect(effectiveStop(rules, { peak: new Dec(1), breakEven: null }, margin)).toEqual({
      rule: 'trailingStop',
      usdt: new Dec(-2),
    });
    expect(effectiveStop(rules, { peak: new Dec(2), breakEven: new Dec('0.5') }, margin)).toEqual({
      rule: 'breakEven',
      usdt: new Dec('0.5'),
    });
  });

  it('a leg price moves the basket PnL to the level when only that leg moves (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }).filter((q) => q !== 0),
        fc.integer({ min: 1, max: 100_000 }),
        pnlValue,
        pnlValue,
        (q, m, pnlNow, level) => {
          const quantity = new Dec(q).div(100);
          const mark = new Dec(m);
          const price = legPriceFor(quantity, mark, pnlNow, level);
          if (price === null) return mark.plus(level.minus(pnlNow).div(quantity)).lte(0);
          // PnL at `price` = PnL now + quantity × (price − mark): the level, to the division's precision.
          const reached = pnlNow.plus(quantity.mul(price.minus(mark)));
          return price.gt(0) && reached.minus(level).abs().lt('1e-12');
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('evaluating a PnL path', () => {
  it('a stop-loss fires at the first figure at or below it, never above (property)', () => {
    fc.assert(
      fc.property(fc.array(pnlValue, { minLength: 1, maxLength: 40 }), (path) => {
        const fire = firstFire({ stopLoss: { percent: '-2' } }, path);
        const expected = path.findIndex((pnl) => pnl.lte(-2));
        return expected === -1 ? fire === null : fire?.i === expected && fire.rule === 'stopLoss';
      }),
      { numRuns: 1000 },
    );
  });

  it('a trailing stop fires at the first figure at or below the best so far less its distance (property)', () => {
    fc.assert(
      fc.property(fc.array(pnlValue, { minLength: 1, maxLength: 40 }), (path) => {
        const fire = firstFire({ trailingStop: { percent: '3' } }, path);
        let peak: Dec | null = null;
        let expected = -1;
        for (const [i, pnl] of path.entries()) {
          if (!peak || pnl.gt(peak)) peak = pnl;
          if (pnl.lte(peak.minus(3))) {
            expected = i;
            break;
          }
        }
        if (expected === -1) return fire === null;
        return fire?.i === expected && fire.rule === 'trailingStop' && fire.level.eq(peak!.minus(3));
      }),
      { numRuns: 1000 },
    );
  });

  it('break-even arms once the PnL reached its trigger, at the closing fees, and fires on the way back', () => {
    const fees = new Dec('0.01').mul(50000).plus(new Dec('0.1').mul(3000)).mul('0.00055').toDecimalPlaces(8);
    const rules: RiskRules = { stopLoss: { percent: '-5' }, breakEvenAfter: { percent: '3' } };
    // Up to 2.99: not armed, a fall to −1 does not fire (the stop-loss is at −5).
    expect(firstFire(rules, [new Dec('2.99'), new Dec(-1)])).toBeNull();
    const fire = firstFire(rules, [new Dec(1), new Dec(3), new Dec(2), fees.plus('0.01'), fees]);
    expect(fire).toMatchObject({ i: 4, rule: 'breakEven' });
    expect(fire!.level.eq(fees)).toBe(true);
  });

  it('a take-profit fires at or above its level; the stop wins when both could', () => {
    expect(firstFire({ takeProfit: { usdt: '5' } }, [new Dec(4), new Dec(5)])).toMatchObject({
      i: 1,
      rule: 'takeProfit',
    });
    expect(firstFire({ stopLoss: { usdt: '-1' }, takeProfit: { usdt: '5' } }, [new Dec(-1)])).toMatchObject({
      rule: 'stopLoss',
    });
  });

  it('a tracking error above the threshold rebalances, then waits out its cool-down', () => {
    const targets = new Map([
      ['BTCUSDT', new Dec('0.5')],
      ['ETHUSDT', new Dec('0.5')],
    ]);
    const state = { ...armed({ rebalance: { trackingErrorAbove: '0.05' } }), targets };
    // 500 long against 300 short: notional weights 0.625 / 0.375 against 0.5 / 0.5, a drift of 0.125.
    const outcome = evaluatePrices(state, new Dec(0), () => legs, 1000, 60_000);
    expect(outcome.decision).toMatchObject({ rule: 'rebalanceThreshold', action: 'rebalance' });
    expect(outcome.decision!.level.toFixed()).toBe('0.125');
    const cooling = evaluatePrices({ ...state, lastThresholdAt: 1000 }, new Dec(0), () => legs, 2000, 60_000);
    expect(cooling.decision).toBeNull();
  });
});

describe('the rebalance calendar', () => {
  const at = (iso: string) => Date.parse(iso);

  it('daily, weekly (Mondays) and monthly (the 1st) slots at the time of day, strictly after', () => {
    expect(nextSlot({ every: '1d', at: '08:30' }, at('2026-03-04T08:29:00Z'))).toBe(
      at('2026-03-04T08:30:00Z'),
    );
    expect(nextSlot({ every: '1d', at: '08:30' }, at('2026-03-04T08:30:00Z'))).toBe(
      at('2026-03-05T08:30:00Z'),
    );
    // 2026-03-04 is a Wednesday; the next Monday is the 9th.
    expect(nextSlot({ every: '1w' }, at('2026-03-04T12:00:00Z'))).toBe(at('2026-03-09T00:00:00Z'));
    expect(nextSlot({ every: '1w' }, at('2026-03-09T00:00:00Z'))).toBe(at('2026-03-16T00:00:00Z'));
    expect(nextSlot({ every: '1M', at: '23:59' }, at('2026-12-31T00:00:00Z'))).toBe(
      at('2027-01-01T23:59:00Z'),
    );
    expect(nextSlot({ trackingErrorAbove: '0.05' } as never, 0)).toBeNull();
  });

  it('a missed stretch is made up once, at its latest slot (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('1d', '1w', '1M' as const),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2027-01-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 90 * 86_400_000 }),
        (every, hour, since, gap) => {
          const calendar = { every, at: `${String(hour).padStart(2, '0')}:00` } as const;
          const now = since + gap;
          const due = latestDueSlot(calendar, since, now);
          const next = nextSlot(calendar, since)!;
          if (next > now) return due === null;
          return due !== null && due > since && due <= now && nextSlot(calendar, due)! > now;
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the rules schema', () => {
  it('refuses a trailing stop of 0 and exchange protection without a stop-loss, at the field', () => {
    const zero = riskRulesSchema.safeParse({ trailingStop: { percent: '0' } });
    expect(zero.success).toBe(false);
    expect(zero.error!.issues[0]).toMatchObject({
      path: ['trailingStop', 'percent'],
      message: 'a trailing stop must be more than 0 %',
    });
    const unprotected = riskRulesSchema.safeParse({ exchangeProtection: true });
    expect(unprotected.error!.issues[0]!.path).toEqual(['exchangeProtection']);
  });
});
