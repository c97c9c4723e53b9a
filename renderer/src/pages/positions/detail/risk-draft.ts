import { riskRulesSchema, type RiskRules } from '../../../../../shared/domain/risk';

/**
 * The Risk panel's form (docs/risk.md): text as typed, turned into `rules` by the contract's own schema so
 * the words at each field are the core's. Levels are in % of the position's initial margin here; rules set
 * in USDT elsewhere are shown as they are and replaced when the form is saved.
 */
export interface RiskDraft {
  stopLoss: string;
  takeProfit: string;
  trailingStop: string;
  breakEvenAfter: string;
  /** "YYYY-MM-DDTHH:MM", read as UTC. */
  closeAt: string;
  rebalanceEvery: '' | '1d' | '1w' | '1M';
  rebalanceAt: string;
  trackingErrorAbove: string;
  minTurnoverUsdt: string;
  bufferRanks: string;
  exitBeforeDeliveryHours: string;
  exchangeProtection: boolean;
}

export type RiskField = keyof RiskDraft;

export const emptyRiskDraft: RiskDraft = {
  stopLoss: '',
  takeProfit: '',
  trailingStop: '',
  breakEvenAfter: '',
  closeAt: '',
  rebalanceEvery: '',
  rebalanceAt: '',
  trackingErrorAbove: '',
  minTurnoverUsdt: '',
  bufferRanks: '',
  exitBeforeDeliveryHours: '',
  exchangeProtection: false,
};

/** The form as the stored rules fill it. */
export function draftOf(rules: RiskRules | null): RiskDraft {
  if (!rules) return emptyRiskDraft;
  return {
    stopLoss: rules.stopLoss?.percent ?? '',
    takeProfit: rules.takeProfit?.percent ?? '',
    trailingStop: rules.trailingStop?.percent ?? '',
    breakEvenAfter: rules.breakEvenAfter?.percent ?? '',
    closeAt: rules.closeAt ? rules.closeAt.time.slice(0, 16) : '',
    rebalanceEvery: rules.rebalance?.every ?? '',
    rebalanceAt: rules.rebalance?.at ?? '',
    trackingErrorAbove: rules.rebalance?.trackingErrorAbove ?? '',
    minTurnoverUsdt: rules.rebalance?.minTurnoverUsdt ?? '',
    bufferRanks: rules.rebalance?.bufferRanks?.toString() ?? '',
    exitBeforeDeliveryHours: rules.exitBeforeDelivery?.hours.toString() ?? '',
    exchangeProtection: rules.exchangeProtection ?? false,
  };
}

const text = (value: string) => value.trim() || undefined;
const whole = (value: string) => (value.trim() === '' ? undefined : Number(value.trim()));

/** The draft as the `rules` of `risk.set`, before any check. */
export function rulesOfDraft(draft: RiskDraft): Record<string, unknown> {
  const rebalance = {
    every: draft.rebalanceEvery || undefined,
    at: text(draft.rebalanceAt),
    trackingErrorAbove: text(draft.trackingErrorAbove),
    minTurnoverUsdt: text(draft.minTurnoverUsdt),
    bufferRanks: whole(draft.bufferRanks),
  };
  const closeAt = text(draft.closeAt);
  const hours = whole(draft.exitBeforeDeliveryHours);
  const rules: Record<string, unknown> = {
    stopLoss: text(draft.stopLoss) && { percent: text(draft.stopLoss) },
    takeProfit: text(draft.takeProfit) && { percent: text(draft.takeProfit) },
    trailingStop: text(draft.trailingStop) && { percent: text(draft.trailingStop) },
    breakEvenAfter: text(draft.breakEvenAfter) && { percent: text(draft.breakEvenAfter) },
    closeAt: closeAt && { time: closeAt.length === 16 ? `${closeAt}:00Z` : closeAt },
    rebalance: Object.values(rebalance).some((v) => v !== undefined) ? rebalance : undefined,
    exitBeforeDelivery: hours === undefined ? undefined : { hours },
    exchangeProtection: draft.exchangeProtection || undefined,
  };
  return JSON.parse(JSON.stringify(rules)) as Record<string, unknown>;
}

/** Which form field an issue's path belongs to: relative to the rules, or prefixed `rules.` (risk.set) or `risk.` (positions.open). */
export function fieldOfPath(path: string): RiskField | null {
  const relative = path.replace(/^(rules|risk)\.?/, '');
  const [head, next] = relative.split('.');
  if (head === 'rebalance')
    return (
      (
        {
          every: 'rebalanceEvery',
          at: 'rebalanceAt',
          trackingErrorAbove: 'trackingErrorAbove',
          minTurnoverUsdt: 'minTurnoverUsdt',
          bufferRanks: 'bufferRanks',
        } as const
      )[next as string] ?? 'rebalanceEvery'
    );
  if (head === 'exitBeforeDelivery') return 'exitBeforeDeliveryHours';
  return head && head in emptyRiskDraft ? (head as RiskField) : null;
}

/** The rules, or the words at each field the schema refuses (nothing is sent then). */
export function checkRiskDraft(draft: RiskDraft): {
  rules: RiskRules | null;
  fields: Partial<Record<RiskField, string>>;
} {
  const parsed = riskRulesSchema.safeParse(rulesOfDraft(draft));
  if (parsed.success) return { rules: parsed.data, fields: {} };
  const fields: Partial<Record<RiskField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOfPath(issue.path.join('.')) ?? 'stopLoss';
    fields[field] ??= issue.message;
  }
  return { rules: null, fields };
}
