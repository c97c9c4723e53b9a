import { Panel } from '../../components/Panel';
import { TextField } from '../../forms/Field';
import { settingsLabels, type SettingsDraft, type SettingsField } from './settings-draft';

type TradingKey = 'maxSlippagePercent' | 'trackingErrorAcknowledgePercent';

const hints: Record<TradingKey, string> = {
  maxSlippagePercent:
    'The worst fill each order may get, from the price when you confirm: 0.01 to 10. New positions start with it (the confirmation can change it); each position keeps its own for every later close, repair or rebalance.',
  trackingErrorAcknowledgePercent:
    "Above it, or when one of the index's five best-ranked coins is left out, opening asks you to confirm the legs left out by name.",
};

/** How positions trade: the slippage cap new positions get, and when opening asks before leaving legs out. */
export function TradingSettings({
  draft,
  errors,
  onChange,
}: {
  draft: SettingsDraft;
  errors: Readonly<Partial<Record<SettingsField | string, string>>>;
  onChange<K extends TradingKey>(key: K, value: string): void;
}) {
  return (
    <Panel title="Trading">
      {(Object.keys(hints) as TradingKey[]).map((key) => (
        <TextField
          key={key}
          id={key}
          label={settingsLabels[key]}
          error={errors[key]}
          hint={hints[key]}
          inputMode="decimal"
          className="short-input"
          value={draft[key]}
          onChange={(text) => onChange(key, text)}
        />
      ))}
    </Panel>
  );
}
