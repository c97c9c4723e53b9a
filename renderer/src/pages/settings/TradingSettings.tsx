import { Panel } from '../../components/Panel';
import { Field } from '../../forms/Field';
import { settingsLabels, type SettingsDraft, type SettingsField } from './settings-draft';

/** How positions trade: the slippage cap new positions get, and when opening asks before leaving legs out. */
export function TradingSettings({
  draft,
  errors,
  onChange,
}: {
  draft: SettingsDraft;
  errors: Readonly<Partial<Record<SettingsField | string, string>>>;
  onChange<K extends 'maxSlippagePercent' | 'trackingErrorAcknowledgePercent'>(key: K, value: string): void;
}) {
  return (
    <Panel title="Trading">
      <Field
        id="maxSlippagePercent"
        label={settingsLabels.maxSlippagePercent}
        error={errors.maxSlippagePercent}
        hint="The worst fill each order may get, from the price when you confirm: 0.01 to 10. New positions start with it (the confirmation can change it); each position keeps its own for every later close, repair or rebalance."
      >
        <input
          id="maxSlippagePercent"
          type="text"
          inputMode="decimal"
          className="short-input"
          value={draft.maxSlippagePercent}
          onChange={(event) => onChange('maxSlippagePercent', event.target.value)}
        />
      </Field>
      <Field
        id="trackingErrorAcknowledgePercent"
        label={settingsLabels.trackingErrorAcknowledgePercent}
        error={errors.trackingErrorAcknowledgePercent}
        hint="Above it, or when one of the index's five best-ranked coins is left out, opening asks you to confirm the legs left out by name."
      >
        <input
          id="trackingErrorAcknowledgePercent"
          type="text"
          inputMode="decimal"
          className="short-input"
          value={draft.trackingErrorAcknowledgePercent}
          onChange={(event) => onChange('trackingErrorAcknowledgePercent', event.target.value)}
        />
      </Field>
    </Panel>
  );
}
