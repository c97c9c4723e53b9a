import { z } from 'zod';
import { Dec } from '../decimal';
import { decimalText } from './indices';

/**
 * A position's risk rules (docs/risk.md): what Synthex does to the basket as a whole on its own — close it at a
 * PnL level, a trailing or break-even stop, a time; rebalance it on a calendar or a tracking error; exit a
 * coin before Bybit delivers it; and, optionally, Bybit's own per-symbol stop-loss as a guard while the app
 * is not running. Every amount is a decimal string. The schema checks what needs no context; what needs the
 * position (its margin, its PnL now, the clock, its index) is `riskRuleIssues` (shared/risk/validate-rules.ts).
 */

const positionId = z.number().int().positive();
const isoTime = z.string();

/** "−2", "5", "0.5": a signed number with at most 4 decimals. */
const signedNumber = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d{1,4})?$/, 'must be a number such as -2 or 5.5 (at most 4 decimals)');

/** A distance above zero, in % of the position's initial margin. */
const positivePercent = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d{1,4})?$/, 'must be a number such as 2 or 1.5 (at most 4 decimals)')
    .refine((value) => new Dec(value).gt(0), `${what} must be more than 0 %`)
    .refine((value) => new Dec(value).lte(1000), `${what} must be at most 1000 %`);

/**
 * A level of the basket's PnL (unrealised + realised − fees − funding): in % of the position's initial margin
 * (size ÷ leverage) or in USDT, signed (−2 is a loss of 2 %).
 */
export const pnlLevelSchema = z
  .object({ percent: signedNumber.optional(), usdt: signedNumber.optional() })
  .strict()
  .superRefine((level, ctx) => {
    if ((level.percent === undefined) === (level.usdt === undefined))
      ctx.addIssue({ code: 'custom', message: 'give the level either in percent or in USDT (one of them)' });
  });
export type PnlLevel = z.infer<typeof pnlLevelSchema>;

export const rebalanceEvery = ['1d', '1w', '1M'] as const;

export const rebalanceRuleSchema = z
  .object({
    /** Calendar: every day, every Monday, or every first of the month, at `at` (UTC). */
    every: z.enum(rebalanceEvery, { message: 'must be 1d, 1w or 1M' }).optional(),
    at: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day in UTC, HH:MM (00:00 to 23:59)')
      .optional(),
    /** Threshold: rebalance when the basket's weights at mark prices drift this far (fraction, ½ Σ |Δw|). */
    trackingErrorAbove: z
      .string()
      .trim()
      .regex(/^0?\.\d{1,4}$|^1(\.0{1,4})?$/, 'must be a fraction between 0 and 1, such as 0.05 for 5 %')
      .refine((value) => new Dec(value).gt(0), 'must be more than 0')
      .optional(),
    /**
     * Rule-based indices only: a coin enters only when it ranks `bufferRanks` places inside the top N, and a
     * held coin leaves only when it ranks more than `bufferRanks` places outside it (0 = no buffer).
     */
    bufferRanks: z
      .number({ message: 'must be a whole number' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(50, 'must be at most 50')
      .optional(),
    /** Below this turnover (USDT, Σ notional traded) nothing is traded. */
    minTurnoverUsdt: z
      .string()
      .trim()
      .regex(/^\d+(\.\d{1,8})?$/, 'must be an amount in USDT, 0 or more')
      .optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.every === undefined && rule.trackingErrorAbove === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['every'],
        message: 'say when to rebalance: a calendar (every) and/or a tracking error threshold',
      });
    if (rule.at !== undefined && rule.every === undefined)
      ctx.addIssue({ code: 'custom', path: ['at'], message: 'a time of day needs a calendar (every)' });
  });
export type RebalanceRule = z.infer<typeof rebalanceRuleSchema>;

export const riskRulesSchema = z
  .object({
    stopLoss: pnlLevelSchema.optional(),
    takeProfit: pnlLevelSchema.optional(),
    /** Closes when the PnL falls this far below its best since the rule was set (% of initial margin). */
    trailingStop: z
      .object({ percent: positivePercent('a trailing stop') })
      .strict()
      .optional(),
    /** Once the PnL reached this (% of initial margin), the stop moves to break-even, fees included. */
    breakEvenAfter: z
      .object({ percent: positivePercent('the break-even trigger') })
      .strict()
      .optional(),
    closeAt: z
      .object({ time: z.iso.datetime({ offset: true, message: 'must be a date and time (ISO 8601)' }) })
      .strict()
      .optional(),
    rebalance: rebalanceRuleSchema.optional(),
    /** Rebalance a coin out this many hours before Bybit delivers (delists) it. */
    exitBeforeDelivery: z
      .object({
        hours: z
          .number({ message: 'must be a whole number of hours' })
          .int('must be a whole number of hours')
          .min(1, 'must be at least 1 hour')
          .max(720, 'must be at most 720 hours (30 days)'),
      })
      .strict()
      .optional(),
    /** Bybit's per-symbol stop-loss on each leg held by this position alone (docs/risk.md). */
    exchangeProtection: z.boolean().optional(),
  })
  .strict()
  .superRefine((rules, ctx) => {
    if (rules.exchangeProtection && !rules.stopLoss)
      ctx.addIssue({
        code: 'custom',
        path: ['exchangeProtection'],
        message:
          'exchange-side protection places Bybit stops at the prices of the stop-loss: set a stop-loss',
      });
  });
export type RiskRules = z.infer<typeof riskRulesSchema>;

/** Which rule fired. `exchangeStop`: Bybit's own stop filled on a leg, so the rest of the basket closes. */
export const riskRuleNames = [
  'stopLoss',
  'takeProfit',
  'trailingStop',
  'breakEven',
  'closeAt',
  'rebalanceCalendar',
  'rebalanceThreshold',
  'exitBeforeDelivery',
  'exchangeStop',
] as const;
export const riskRuleNameSchema = z.enum(riskRuleNames);
export type RiskRuleName = z.infer<typeof riskRuleNameSchema>;

export const riskActionSchema = z.enum(['close', 'rebalance']);
export type RiskAction = z.infer<typeof riskActionSchema>;

/**
 * decided: committed, the action not yet handed to the engine; handed: the close or rebalance is under way;
 * done: it finished; skipped: nothing was traded (turnover under the minimum, nothing to do); failed: refused.
 */
export const triggerStates = ['decided', 'handed', 'done', 'skipped', 'failed'] as const;
export const triggerStateSchema = z.enum(triggerStates);
export type TriggerState = z.infer<typeof triggerStateSchema>;

export const riskTriggerSchema = z.object({
  id: z.number().int(),
  positionId,
  rule: riskRuleNameSchema,
  action: riskActionSchema,
  state: triggerStateSchema,
  /** The basket's PnL (USDT) the decision saw; null for a time rule decided without a live figure. */
  pnlSeen: decimalText.nullable(),
  /** The level it crossed (USDT); null for time rules. */
  level: decimalText.nullable(),
  /** The mark prices the decision saw, per symbol. */
  marks: z.record(z.string(), decimalText),
  /** What it did and what it cost, in words (filled in when it ends). */
  outcome: z.string().nullable(),
  decidedAt: isoTime,
  finishedAt: isoTime.nullable(),
});
export type RiskTrigger = z.infer<typeof riskTriggerSchema>;

/** Bybit's stop on one leg: placed (at `stopLoss`), refused (why), or removed (why). */
export const legProtectionSchema = z.object({
  symbol: z.string(),
  state: z.enum(['placed', 'refused', 'removed']),
  stopLoss: decimalText.nullable(),
  reason: z.string().nullable(),
  at: isoTime,
});
export type LegProtection = z.infer<typeof legProtectionSchema>;

/** What one leg's price would have to be for the basket to reach a level, the other legs where they are now. */
export const legLevelSchema = z.object({
  symbol: z.string(),
  quantity: decimalText,
  markPrice: decimalText.nullable(),
  /** Where the basket reaches its stop (null: no stop, no live price, or unreachable by this leg alone). */
  stopPrice: decimalText.nullable(),
  takeProfitPrice: decimalText.nullable(),
});
export type LegLevel = z.infer<typeof legLevelSchema>;

export const riskViewSchema = z.object({
  positionId,
  rules: riskRulesSchema.nullable(),
  armedAt: isoTime.nullable(),
  /** The position's initial margin (size ÷ leverage): what percentages are of. */
  initialMargin: decimalText,
  /** The basket's PnL now; null without a live figure (not the active profile, stale, not ACTIVE). */
  pnl: decimalText.nullable(),
  /** Best PnL since the rules were set (the trailing stop's reference). */
  peakPnl: decimalText.nullable(),
  breakEvenReached: z.boolean(),
  /** The stop that applies now (the highest of stop-loss, trailing and break-even), in USDT. */
  stopLevel: z.object({ rule: riskRuleNameSchema, usdt: decimalText }).nullable(),
  takeProfitLevel: decimalText.nullable(),
  nextRebalanceAt: isoTime.nullable(),
  /** Why price rules are not watched right now (another profile is active, prices stale…), or null. */
  watchNote: z.string().nullable(),
  legs: z.array(legLevelSchema),
  protection: z.array(legProtectionSchema),
  /** Newest first. */
  triggers: z.array(riskTriggerSchema),
  /** One line for lists and the tray: "SL −2 % · TP +5 %", or what fired. */
  summary: z.string(),
});
export type RiskView = z.infer<typeof riskViewSchema>;

export const riskSetRequestSchema = z.object({ positionId, rules: riskRulesSchema }).strict();
export const riskPositionRequestSchema = z.object({ positionId }).strict();
export const riskListRequestSchema = z.object({ profileId: positionId.optional() }).strict();

/** One armed position for the lists: its summary and the next scheduled rebalance. */
export const riskListItemSchema = z.object({
  positionId,
  summary: z.string(),
  nextRebalanceAt: isoTime.nullable(),
  /** A rule fired and its action is under way or finished. */
  fired: z.boolean(),
});
export const riskListSchema = z.object({ positions: z.array(riskListItemSchema) });
export type RiskListItem = z.infer<typeof riskListItemSchema>;

/** The `risk.triggered` event: a rule fired (its decision is committed) or its action ended. */
export const riskTriggeredSchema = riskTriggerSchema.extend({ message: z.string() });
export type RiskTriggered = z.infer<typeof riskTriggeredSchema>;
