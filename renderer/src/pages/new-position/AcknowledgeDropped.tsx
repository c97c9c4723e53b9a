import type { Acknowledgement } from '../../../../shared/domain/preview';

/**
 * Legs left out that matter (a top-5 coin, or a tracking error above the Settings threshold): named, and
 * Confirm waits until the trader ticks that they open without them. The core checks the same names.
 */
export function AcknowledgeDropped({
  acknowledgement,
  checked,
  disabled,
  onChange,
}: {
  acknowledgement: Acknowledgement;
  checked: boolean;
  disabled: boolean;
  onChange(checked: boolean): void;
}) {
  const count = acknowledgement.symbols.length;
  const label =
    count === 0
      ? 'I open it although it tracks its index this loosely'
      : `I open it without ${count === 1 ? acknowledgement.symbols[0] : `these ${count} legs`}`;
  return (
    <div className="callout callout-warn acknowledge-dropped" role="group" aria-label="Legs left out">
      <p>{acknowledgement.message}</p>
      <label>
        <input
          type="checkbox"
          checked={checked}
          disabled={disabled}
          onChange={(event) => onChange(event.target.checked)}
        />{' '}
        {label}
      </label>
    </div>
  );
}
