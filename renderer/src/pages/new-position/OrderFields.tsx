import type { Direction } from '../../../../shared/domain/preview';
import { Field } from '../../forms/Field';
import type { PositionDraft, PositionField } from './position-draft';

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
  const directions: { value: Direction; label: string }[] = [
    { value: 'long', label: 'Long (buy every leg)' },
    { value: 'short', label: 'Short (sell every leg)' },
  ];
  return (
    <>
      <Field id="usdtSize" label="Size (USDT)" error={fields.usdtSize} hint={sizeHint}>
        <input
          id="usdtSize"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          className="amount-input"
          value={draft.usdtSize}
          onChange={(event) => onChange({ usdtSize: event.target.value })}
        />
      </Field>
      <fieldset className="choice-row field-like">
        <legend>Direction</legend>
        {directions.map((direction) => (
          <label key={direction.value}>
            <input
              type="radio"
              name="direction"
              value={direction.value}
              checked={draft.direction === direction.value}
              onChange={() => onChange({ direction: direction.value })}
            />{' '}
            {direction.label}
          </label>
        ))}
      </fieldset>
      <Field id="leverage" label="Leverage (×)" error={fields.leverage} hint={leverageHint}>
        <input
          id="leverage"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          className="short-input"
          value={draft.leverage}
          onChange={(event) => onChange({ leverage: event.target.value })}
        />
      </Field>
    </>
  );
}
