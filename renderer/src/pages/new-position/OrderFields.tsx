import type { Direction } from '../../../../shared/domain/preview';
import { ChoiceRow } from '../../forms/ChoiceRow';
import { TextField } from '../../forms/Field';
import type { PositionDraft, PositionField } from './position-draft';

const directions: Record<Direction, string> = {
  long: 'Long (buy every leg)',
  short: 'Short (sell every leg)',
};

/** Size, direction and leverage: the three numbers besides the index that make a position. */
export function OrderFields({
  draft,
  fields,
  sizeHint,
  leverageHint,
  onChange,
}: {
  draft: PositionDraft;
  fields: Partial<Record<PositionField, string>>;
  sizeHint?: React.ReactNode;
  leverageHint?: React.ReactNode;
  onChange(patch: Partial<PositionDraft>): void;
}) {
  const amount = (key: 'usdtSize' | 'leverage', label: string, className: string, hint: React.ReactNode) => (
    <TextField
      id={key}
      label={label}
      error={fields[key]}
      hint={hint}
      inputMode="decimal"
      autoComplete="off"
      className={className}
      value={draft[key]}
      onChange={(text) => onChange({ [key]: text })}
    />
  );
  return (
    <>
      {amount('usdtSize', 'Size (USDT)', 'amount-input', sizeHint)}
      <ChoiceRow
        legend="Direction"
        name="direction"
        className="choice-row field-like"
        options={directions}
        value={draft.direction}
        onChange={(direction) => onChange({ direction })}
      />
      {amount('leverage', 'Leverage (×)', 'short-input', leverageHint)}
    </>
  );
}
