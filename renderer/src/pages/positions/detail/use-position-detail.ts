import { useCallback, useEffect, useRef, useState } from 'react';
import type { PositionDetail } from '../../../../../shared/domain/positions';
import { api } from '../../../api/client';
import { errorMessage } from '../../../forms/form-failure';
import { showPosition } from '../../../store/positions-store';

/** A burst of fills is many positions.updated events; the detail is read again once per pause. */
const reloadDelayMs = 150;

export interface DetailState {
  detail: PositionDetail | null;
  error: string | null;
  reload(): void;
}

/**
 * `positions.get` for one position, read again whenever the core says it changed (its status taken from
 * the event at once) or added to its history; older answers ignored.
 */
export function usePositionDetail(id: number): DetailState {
  const [detail, setDetail] = useState<PositionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sequence = useRef(0);

  const reload = useCallback(() => {
    const mine = ++sequence.current;
    api.invoke('positions.get', { id }).then(
      (answer) => {
        if (mine !== sequence.current) return;
        setDetail(answer);
        setError(null);
        showPosition(answer.position);
      },
      (thrown: unknown) => {
        if (mine === sequence.current) setError(errorMessage(thrown));
      },
    );
  }, [id]);

  useEffect(() => {
    const answers = sequence;
    setDetail(null);
    reload();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const later = () => {
      if (timer === null)
        timer = setTimeout(() => {
          timer = null;
          reload();
        }, reloadDelayMs);
    };
    const offUpdated = api.on('positions.updated', (position) => {
      if (position.id !== id) return;
      // The status at once (the event carries the whole position), so the badge is never behind the
      // progress banner; legs and trades follow with the read.
      setDetail((shown) =>
        shown && shown.position.updatedAt <= position.updatedAt ? { ...shown, position } : shown,
      );
      later();
    });
    // A line of its history without a change of the position itself (risk rules set, a stale-price alert).
    const offEvent = api.on('positions.event', (event) => {
      if (event.positionId === id) later();
    });
    const offConnection = api.connection.onChange((status) => {
      if (status === 'connected') reload();
    });
    return () => {
      offUpdated();
      offEvent();
      offConnection();
      if (timer !== null) clearTimeout(timer);
      answers.current++; // whatever is still on its way answers a page that is gone
    };
  }, [id, reload]);

  return { detail, error, reload };
}
