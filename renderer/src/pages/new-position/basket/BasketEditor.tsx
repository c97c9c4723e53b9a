import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { IndexSummary } from '../../../../../shared/domain/indices';
import { FormStatus } from '../../../components/FormStatus';
import { Panel } from '../../../components/Panel';
import { ChoiceRow } from '../../../forms/ChoiceRow';
import { TextField } from '../../../forms/Field';
import { formFailure, type FormFailure } from '../../../forms/form-failure';
import { useIndices } from '../../../store/indices-store';
import { useUniverse } from '../../../store/universe-store';
import { basketLabels, checkBasket, compactBasket, fieldPath, type BasketDraft } from './basket-draft';
import { LegRows } from './LegRows';
import { RuleFields } from './RuleFields';
import { completedSymbol } from './symbol-completion';

const kinds: Record<BasketDraft['kind'], string> = {
  basket: 'Coins I choose',
  rule: 'A rule: the largest coins by market cap',
};

const weightings: Record<BasketDraft['weighting'], string> = {
  equal: 'Equal',
  custom: 'My own (in %, adding up to 100)',
};

/** Creates or edits one custom index; every refusal, local or from the core, is shown at its field. */
export function BasketEditor({
  initial,
  onSaved,
  onCancel,
}: {
  initial: BasketDraft;
  onSaved(index: IndexSummary): void;
  onCancel(): void;
}) {
  const [draft, setDraft] = useState(initial);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [saving, setSaving] = useState(false);
  const save = useIndices((state) => state.save);
  const assets = useUniverse((state) => state.latest?.snapshot?.assets);
  const symbols = useMemo(() => assets?.map((asset) => asset.symbol) ?? [], [assets]);
  const symbolsListId = useId();

  // Symbol suggestions come from the latest universe snapshot.
  useEffect(() => {
    if (!useUniverse.getState().latest) void useUniverse.getState().load();
  }, []);

  const update = (patch: Partial<BasketDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const fields = failure?.fields ?? {};
  const choice = <K extends 'kind' | 'weighting'>(
    name: string,
    legend: string,
    key: K,
    options: Record<BasketDraft[K], string>,
  ) => (
    <ChoiceRow
      legend={legend}
      name={name}
      options={options}
      value={draft[key]}
      onChange={(value) => update({ [key]: value })}
    />
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // A coin typed as "btc" is saved as the symbol it completes to, as leaving its field would have done.
    const typed = compactBasket(draft);
    const compact = {
      ...typed,
      legs: typed.legs.map((leg) => ({ ...leg, symbol: completedSymbol(leg.symbol, symbols) })),
    };
    setDraft(compact);
    const checked = checkBasket(compact);
    if (!checked.request) {
      const count = Object.keys(checked.fields).length;
      setFailure({ message: `Check the marked field${count === 1 ? '' : 's'}.`, fields: checked.fields });
      return;
    }
    setSaving(true);
    try {
      const saved = await save(checked.request);
      setFailure(null);
      onSaved(saved);
    } catch (error) {
      const result = formFailure(error, basketLabels(compact));
      const mapped: Record<string, string> = {};
      for (const [path, message] of Object.entries(result.fields)) mapped[fieldPath(path)] ??= message;
      setFailure({ message: result.message, fields: mapped });
    } finally {
      setSaving(false);
    }
  };

  const title = draft.id ? `Edit ${initial.name || 'basket'}` : 'New basket';
  return (
    <Panel title={title}>
      <form className="basket-editor" onSubmit={(event) => void onSubmit(event)} noValidate>
        <TextField
          id="basketName"
          label="Name"
          error={fields.name}
          value={draft.name}
          placeholder="Majors"
          onChange={(name) => update({ name })}
        />
        {choice('basketKind', 'Kind', 'kind', kinds)}
        {draft.kind === 'basket' ? (
          <>
            {choice('basketWeighting', 'Weights', 'weighting', weightings)}
            <LegRows
              draft={draft}
              fields={fields}
              symbolsListId={symbolsListId}
              symbols={symbols}
              onChange={(legs) => update({ legs })}
            />
            <datalist id={symbolsListId}>
              {symbols.map((symbol) => (
                <option key={symbol} value={symbol} />
              ))}
            </datalist>
          </>
        ) : (
          <RuleFields draft={draft} fields={fields} onChange={update} />
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save basket'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <FormStatus error={failure} />
        </div>
      </form>
    </Panel>
  );
}
