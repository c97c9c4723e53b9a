import { cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';

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
}: {
  id: string;
  label: ReactNode;
  error?: string | null | undefined;
  hint?: ReactNode;
  lockedBy?: string | null | undefined;
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
