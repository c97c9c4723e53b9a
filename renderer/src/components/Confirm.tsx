import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import { focusStops, trapTarget } from './focus-trap';

/**
 * The one confirmation every action asks before it sends or deletes: the summary (children), the confirm
 * button and Cancel, in a group named by `label` (the name specs and screen readers find it by). The focus
 * moves in when it opens: onto the confirm button, or onto Cancel when `blocked` leaves nothing to confirm,
 * so Escape still backs out. While it is open Tab cycles inside it, and Escape (unless the work is on its
 * way) cancels; the caller's `useConfirmation` gives the focus back to the opener when it closes.
 *
 * `layout`: "inline" puts the buttons beside a one-line question; "plan" stacks a plan (table, totals,
 * problems) above the buttons on its own rows.
 */
export function Confirm({
  label,
  confirmLabel,
  busyLabel,
  tone = 'primary',
  busy = false,
  blocked = false,
  layout = 'inline',
  onConfirm,
  onCancel,
  children,
}: {
  label: string;
  confirmLabel: string;
  /** Shown on the confirm button while the work is on its way; without it the label stays. */
  busyLabel?: string;
  /** "danger" for what cannot be taken back by another click (closing, deleting). */
  tone?: 'primary' | 'danger';
  busy?: boolean;
  /** Nothing to confirm (an empty or blocked plan): the confirm button is disabled and Cancel has the focus. */
  blocked?: boolean;
  layout?: 'inline' | 'plan';
  onConfirm(): void | Promise<void>;
  onCancel(): void;
  children: ReactNode;
}) {
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape' && !busy) {
      event.preventDefault();
      onCancel();
    } else if (event.key === 'Tab') {
      const stops = [...event.currentTarget.querySelectorAll<HTMLElement>(focusStops)];
      const target = trapTarget(stops, document.activeElement, event.shiftKey);
      if (target) {
        event.preventDefault();
        target.focus();
      }
    }
  };
  const buttons = (
    <>
      <button
        type="button"
        className={tone}
        autoFocus={!blocked}
        disabled={busy || blocked}
        onClick={() => void onConfirm()}
      >
        {busy && busyLabel ? busyLabel : confirmLabel}
      </button>
      <button type="button" autoFocus={blocked} onClick={onCancel}>
        Cancel
      </button>
    </>
  );
  return layout === 'plan' ? (
    <div className="confirm repair-plan" role="group" aria-label={label} onKeyDown={onKeyDown}>
      {children}
      <span className="confirm-buttons">{buttons}</span>
    </div>
  ) : (
    <span className="confirm" role="group" aria-label={label} onKeyDown={onKeyDown}>
      {children}
      {buttons}
    </span>
  );
}

/**
 * The button that opens a plain confirmation (`action` from `useConfirmation`): the focus comes back to it
 * when the confirmation closes. `describedBy` names the element that says why it is `disabled`.
 */
export function ConfirmOpener({
  action,
  className,
  disabled,
  describedBy,
  children,
}: {
  action: { opener: RefObject<HTMLButtonElement | null>; open(subject: true): void };
  className?: string;
  disabled?: boolean;
  describedBy?: string;
  children: ReactNode;
}) {
  return (
    <button
      ref={action.opener}
      type="button"
      className={className}
      disabled={disabled}
      aria-describedby={describedBy}
      onClick={() => action.open(true)}
    >
      {children}
    </button>
  );
}

/**
 * A plain question behind its button, the one shape every such action has: the `ConfirmOpener` (its text
 * `opener`; `openerClassName`, `disabled` and `describedBy` go to it) while `action` is closed, and while it
 * is open the `Confirm` asking `children`, with its words (`label`, `confirmLabel`, `busyLabel`, `tone`)
 * and `onConfirm` as the work its confirm button starts.
 */
export function ConfirmAction({
  action,
  opener,
  openerClassName,
  disabled,
  describedBy,
  onConfirm,
  children,
  ...words
}: {
  action: {
    subject: unknown;
    opener: RefObject<HTMLButtonElement | null>;
    open(subject: true): void;
    confirmProps(onConfirm: () => void | Promise<void>): {
      busy: boolean;
      onConfirm(): void | Promise<void>;
      onCancel(): void;
    };
  };
  opener: ReactNode;
  openerClassName?: string;
  disabled?: boolean;
  describedBy?: string;
  onConfirm(): void | Promise<void>;
  children: ReactNode;
} & Pick<Parameters<typeof Confirm>[0], 'label' | 'confirmLabel' | 'busyLabel' | 'tone'>) {
  return action.subject === null ? (
    <ConfirmOpener action={action} className={openerClassName} disabled={disabled} describedBy={describedBy}>
      {opener}
    </ConfirmOpener>
  ) : (
    <Confirm {...action.confirmProps(onConfirm)} {...words}>
      {children}
    </Confirm>
  );
}
