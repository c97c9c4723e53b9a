import { Field } from '../../../forms/Field';
import type { RiskDraft, RiskField } from './risk-draft';

/**
 * The inputs of a position's risk rules (docs/risk.md), each with its error at the field: used by the
 * Risk panel and by the New position confirmation (rules armed with the open).
 */
export function RiskRuleFields({
  draft,
  fields,
  onChange,
  focusFirst = false,
}: {
  draft: RiskDraft;
  fields: Partial<Record<RiskField, string>>;
  onChange(draft: RiskDraft): void;
  /** The Risk panel's form opens on its first field (the button that opened it is gone); the confirmation keeps its focus on Confirm. */
  focusFirst?: boolean;
}) {
  const input = (
    field: Exclude<RiskField, 'rebalanceEvery' | 'exchangeProtection'>,
    label: string,
    hint?: string,
  ) => (
    <Field id={`risk-${field}`} label={label} error={fields[field]} hint={hint}>
      <input
        id={`risk-${field}`}
        type={field === 'closeAt' ? 'datetime-local' : 'text'}
        inputMode={field === 'closeAt' ? undefined : 'decimal'}
        autoFocus={focusFirst && field === 'stopLoss'}
        value={draft[field]}
        onChange={(event) => onChange({ ...draft, [field]: event.target.value })}
      />
    </Field>
  );

  return (
    <>
      {input('stopLoss', 'Stop-loss (% of margin)', 'e.g. -2: close at a loss of 2 %')}
      {input('takeProfit', 'Take-profit (% of margin)')}
      {input('trailingStop', 'Trailing stop (%)', 'below the best PnL since the rules were set')}
      {input('breakEvenAfter', 'Break-even after (%)')}
      {input('closeAt', 'Close at (UTC)')}
      <Field id="risk-rebalanceEvery" label="Rebalance every" error={fields.rebalanceEvery}>
        <select
          id="risk-rebalanceEvery"
          value={draft.rebalanceEvery}
          onChange={(event) =>
            onChange({ ...draft, rebalanceEvery: event.target.value as RiskDraft['rebalanceEvery'] })
          }
        >
          <option value="">never on a calendar</option>
          <option value="1d">day</option>
          <option value="1w">week (Monday)</option>
          <option value="1M">month (the 1st)</option>
        </select>
      </Field>
      {input('rebalanceAt', 'Rebalance at (HH:MM UTC)')}
      {input('trackingErrorAbove', 'Rebalance when tracking error above', 'a fraction: 0.05 is 5 %')}
      {input('minTurnoverUsdt', 'Minimum turnover (USDT)', 'below it nothing is traded')}
      {input('bufferRanks', 'Rank buffer', 'rule-based indices: enter k ranks inside, leave k ranks outside')}
      {input('exitBeforeDeliveryHours', 'Exit a coin hours before delivery')}
      <Field
        id="risk-exchangeProtection"
        label="Bybit stops while Synthex is closed"
        error={fields.exchangeProtection}
        hint="Only on coins no other position holds: Bybit keeps one position per coin, so a stop would close their part too."
      >
        <input
          id="risk-exchangeProtection"
          type="checkbox"
          checked={draft.exchangeProtection}
          onChange={(event) => onChange({ ...draft, exchangeProtection: event.target.checked })}
        />
      </Field>
    </>
  );
}
