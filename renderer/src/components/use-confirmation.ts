import { useState } from 'react';
import { errorMessage } from '../forms/form-failure';
import { useReturnFocus } from './use-return-focus';

/**
 * The state every confirmation keeps: what it asks about (`subject`, null while closed: `true` for a plain
 * question, the plan for a repair or a rebalance, the basket's id for a deletion), whether its work is on
 * the way, and the error that stopped it, in words. The error is the action's, not the open confirmation's:
 * it stays when the confirmation closes (a failed plan has no confirmation to show it in), so it is shown
 * beside the opener with `FormStatus`. Give `opener` to the button that opens the confirmation: the focus
 * goes back to it when the confirmation closes (Escape, Cancel or done).
 */
export function useConfirmation<T = true>() {
  const [subject, setSubject] = useState<T | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string } | null>(null);
  const opener = useReturnFocus(subject !== null);

  /** Runs the work with `busy` set; its error replaces the last one, and success clears it. */
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
      setError(null);
    } catch (thrown) {
      setError({ message: errorMessage(thrown) });
    } finally {
      setBusy(false);
    }
  };

  const close = () => setSubject(null);

  /**
   * What the open `Confirm` takes from this state, spread onto it: the busy state, Cancel (closes), and
   * `onConfirm`, the work the confirm button starts.
   */
  const confirmProps = (onConfirm: () => void | Promise<void>) => ({ busy, onConfirm, onCancel: close });

  return { subject, open: setSubject, close, busy, error, opener, run, confirmProps };
}
