import { useRef, useState } from 'react';
import type { OnPartialFailure } from '../../../../shared/domain/positions';
import type { Preview } from '../../../../shared/domain/preview';
import { api } from '../../api/client';
import { Facts } from '../../components/Panel';
import { formatFixed, formatUsdt } from '../../format';
import { errorMessage } from '../../forms/form-failure';
import { goTo } from '../../store/navigation';
import { showPosition } from '../../store/positions-store';
import { newRequestId, openRequest } from './open-request';

const usdt = (value: string, places: number) => `${formatFixed(value, places)} USDT`;

/**
 * The last look before money moves: legs, size, margin, fees and the slippage cap, and what to do if a
 * leg fails. One requestId per confirmation, so a double click or a resend opens one position.
 */
export function OpenConfirmation({ preview, onCancel }: { preview: Preview; onCancel(): void }) {
  const [requestId] = useState(newRequestId);
  const [onPartialFailure, setOnPartialFailure] = useState<OnPartialFailure>('rollback');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  const onConfirm = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSending(true);
    try {
      const { position } = await api.invoke(
        'positions.open',
        openRequest(preview, requestId, onPartialFailure),
      );
      showPosition(position);
      goTo('positions', String(position.id));
    } catch (thrown) {
      // Nothing was opened for this id (or the answer was lost): a retry sends the same id again.
      setError(errorMessage(thrown));
      inFlight.current = false;
      setSending(false);
    }
  };

  const { totals } = preview;
  const legs = preview.legs.length;
  const legsText =
    totals.orders === legs
      ? `${legs} leg${legs === 1 ? '' : 's'}, one order each`
      : `${legs} legs, ${totals.orders} orders (legs above Bybit's largest market order are split)`;
  return (
    <div
      className="panel open-confirmation"
      role="group"
      aria-label="Confirm opening"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !sending) {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <h3>
        Open {preview.indexName}: {formatUsdt(preview.usdtSize)} {preview.direction} at {preview.leverage}×?
      </h3>
      <Facts
        rows={[
          ['Legs', legsText],
          ['Dropped', preview.dropped.length === 0 ? 'none' : `${preview.dropped.length} legs (see below)`],
          ['Notional', usdt(totals.notional, 2)],
          ['Initial margin', usdt(totals.initialMargin, 2)],
          ['Estimated fees', usdt(totals.estimatedFees, 4)],
          ['Slippage cap', `${preview.maxSlippagePercent} % per leg from the price at confirmation`],
        ]}
      />
      <fieldset className="choice-row">
        <legend>If a leg fails</legend>
        <label>
          <input
            type="radio"
            name="onPartialFailure"
            checked={onPartialFailure === 'rollback'}
            onChange={() => setOnPartialFailure('rollback')}
          />{' '}
          Roll back: close what filled, end FAILED
        </label>
        <label>
          <input
            type="radio"
            name="onPartialFailure"
            checked={onPartialFailure === 'keep'}
            onChange={() => setOnPartialFailure('keep')}
          />{' '}
          Keep what filled, marked altered
        </label>
      </fieldset>
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          autoFocus
          disabled={sending}
          onClick={() => void onConfirm()}
        >
          {sending ? 'Opening…' : 'Confirm and open'}
        </button>
        <button type="button" onClick={onCancel} disabled={sending}>
          Cancel
        </button>
        {error && (
          <span className="error-text" role="alert">
            {error}
          </span>
        )}
      </div>
    </div>
  );
}
