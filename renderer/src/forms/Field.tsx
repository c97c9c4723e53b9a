import {
  cloneElement,
  isValidElement,
  type InputHTMLAttributes,
  type ReactElement,
  type ReactNode,
} from 'react';

/** What frames a control: its label, what pins it, a hint, and the problem with it in words. */
export interface FieldFrame {
  id: string;
  label: ReactNode;
  error?: string | null | undefined;
  hint?: ReactNode;
  lockedBy?: string | null | undefined;
}

/**
 * One labelled form row: the control, then what pins it ("Set by SYNTHEX_…"), a hint, and the message
 * of the problem with it. The control is marked `aria-invalid` and described by the message, so a
 * screen reader reads the problem with the field.
 */
export function Field({
  id,
  label,
  error,
  hint,
  lockedBy,
  children,
}: FieldFrame & {
  children: ReactElement<{ 'aria-invalid'?: boolean; 'aria-describedby'?: string }>;
}) {
  const errorId = `${id}-error`;
  const control = isValidElement(children)
    ? cloneElement(children, {
        'aria-invalid': Boolean(error),
        'aria-describedby': error ? errorId : undefined,
      })
    : children;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="field-control">
        {control}
        {lockedBy && <span className="muted small">Set by {lockedBy}</span>}
        {hint && <span className="muted small">{hint}</span>}
        {error && (
          <span id={errorId} className="error-text small field-error">
            {error}
          </span>
        )}
      </div>
    </div>
  );
}

type InputAttributes = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>;

/**
 * The field most forms are made of: a `Field` around a text input (`type` may say otherwise: password,
 * datetime-local) whose id is the field's, so the label names it. `onChange` gets the text typed; the
 * other props (inputMode, className, placeholder, autoFocus, disabled…) go to the input.
 */
export function TextField({
  id,
  label,
  error,
  hint,
  lockedBy,
  value,
  onChange,
  ...input
}: FieldFrame & InputAttributes & { value: string; onChange(text: string): void }) {
  return (
    <Field id={id} label={label} error={error} hint={hint} lockedBy={lockedBy}>
      <input
        id={id}
        type="text"
        {...input}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </Field>
  );
}
