import type { ReactNode } from 'react';

/**
 * A named group of radio buttons, one per option (value → its label, in order), each labelled by its text:
 * the arrow keys move within the group.
 */
export function ChoiceRow<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  className = 'choice-row',
}: {
  legend: ReactNode;
  /** The radios' name, unique on the page. */
  name: string;
  value: T;
  options: Readonly<Record<T, ReactNode>>;
  onChange(value: NoInfer<T>): void;
  className?: string;
}) {
  return (
    <fieldset className={className}>
      <legend>{legend}</legend>
      {(Object.keys(options) as T[]).map((option) => (
        <label key={option}>
          <input
            type="radio"
            name={name}
            value={option}
            checked={value === option}
            onChange={() => onChange(option)}
          />{' '}
          {options[option]}
        </label>
      ))}
    </fieldset>
  );
}
