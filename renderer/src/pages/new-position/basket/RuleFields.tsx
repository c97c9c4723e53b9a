import { Field } from '../../../forms/Field';
import type { BasketDraft } from './basket-draft';

/** A rule over the daily universe: the N largest coins, minus exclusions, equal or market-cap weighted. */
export function RuleFields({
  draft,
  fields,
  onChange,
}: {
  draft: BasketDraft;
  fields: Readonly<Record<string, string>>;
  onChange(patch: Partial<BasketDraft>): void;
}) {
  return (
    <>
      <Field id="basketTopN" label="Number of coins" error={fields['definition.topN']} hint="1 to 50">
        <input
          id="basketTopN"
          type="text"
          inputMode="numeric"
          className="short-input"
          value={draft.topN}
          onChange={(event) => onChange({ topN: event.target.value })}
        />
      </Field>
      <Field id="basketRuleWeighting" label="Weighting">
        <select
          id="basketRuleWeighting"
          value={draft.ruleWeighting}
          onChange={(event) =>
            onChange({ ruleWeighting: event.target.value as BasketDraft['ruleWeighting'] })
          }
        >
          <option value="equal">Equal weight</option>
          <option value="mcap">Market cap</option>
        </select>
      </Field>
      {draft.ruleWeighting === 'mcap' && (
        <Field
          id="basketCap"
          label="Cap per coin (%)"
          error={fields['definition.cap']}
          hint="The excess goes to the other coins, pro rata. Empty: no cap."
        >
          <input
            id="basketCap"
            type="text"
            inputMode="decimal"
            className="short-input"
            value={draft.capPercent}
            onChange={(event) => onChange({ capPercent: event.target.value })}
          />
        </Field>
      )}
      <Field
        id="basketExclude"
        label="Excluded symbols"
        error={fields['definition.exclude']}
        hint="Separated by commas or spaces, such as DOGEUSDT, XRPUSDT"
      >
        <input
          id="basketExclude"
          type="text"
          spellCheck={false}
          value={draft.exclude}
          onChange={(event) => onChange({ exclude: event.target.value.toUpperCase() })}
        />
      </Field>
    </>
  );
}
