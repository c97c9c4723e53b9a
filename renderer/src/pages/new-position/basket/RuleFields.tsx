import { Field, TextField } from '../../../forms/Field';
import type { BasketDraft } from './basket-draft';

/** The rule's two numbers: their fields, and the paths the core's refusals name them by. */
const numbers = {
  topN: {
    id: 'basketTopN',
    path: 'definition.topN',
    label: 'Number of coins',
    hint: '1 to 50',
    inputMode: 'numeric',
  },
  capPercent: {
    id: 'basketCap',
    path: 'definition.cap',
    label: 'Cap per coin (%)',
    hint: 'The excess goes to the other coins, pro rata. Empty: no cap.',
    inputMode: 'decimal',
  },
} as const;

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
  const number = (key: keyof typeof numbers) => (
    <TextField
      id={numbers[key].id}
      label={numbers[key].label}
      error={fields[numbers[key].path]}
      hint={numbers[key].hint}
      inputMode={numbers[key].inputMode}
      className="short-input"
      value={draft[key]}
      onChange={(text) => onChange({ [key]: text })}
    />
  );
  return (
    <>
      {number('topN')}
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
      {draft.ruleWeighting === 'mcap' && number('capPercent')}
      <TextField
        id="basketExclude"
        label="Excluded symbols"
        error={fields['definition.exclude']}
        hint="Separated by commas or spaces, such as DOGEUSDT, XRPUSDT"
        spellCheck={false}
        value={draft.exclude}
        onChange={(exclude) => onChange({ exclude: exclude.toUpperCase() })}
      />
    </>
  );
}
