import { useEffect, useRef, useState } from 'react';
import type { OnPartialFailure } from '../../../../shared/domain/positions';
import type { Preview } from '../../../../shared/domain/preview';
import { api } from '../../api/client';
import { Facts } from '../../components/Panel';
import { ErrorText } from '../../components/FormStatus';
import { ChoiceRow } from '../../forms/ChoiceRow';
import { TextField } from '../../forms/Field';
import { formatFixed, formatUsdt } from '../../format';
import { errorMessage } from '../../forms/form-failure';
import { goTo } from '../../store/navigation';
import { showPosition } from '../../store/positions-store';
import { AcknowledgeDropped } from './AcknowledgeDropped';
import { newRequestId, openRequest } from './open-request';
import { checkRiskDraft, emptyRiskDraft, fieldOfPath, type RiskField } from '../positions/detail/risk-draft';
import { RiskRuleFields } from '../positions/detail/RiskRuleFields';
import { asSynthexError } from '../../forms/form-failure';

/** The slippage cap of this position, typed in the confirmation (empty takes the one in Settings). */
export interface SlippageField {
  text: string;
  error: string | undefined;
  onChange(text: string): void;
}

const partialFailureChoices: Record<OnPartialFailure, string> = {
  rollback: 'Roll back: close what filled, end FAILED',
  keep: 'Keep what filled, marked altered',
};

const usdt = (value: string, places: number) => `${formatFixed(value, places)} USDT`;

/**
 * The last look before money moves: legs, size, margin, fees, this position's slippage cap, what to do if
 * a leg fails, and, when legs are left out that matter, the trader's acknowledgement of them by name. One
 * requestId per set of terms, so a double click or a resend opens one position.
 */
export function OpenConfirmation({
  preview,
  blocked,
  slippage,
  onCancel,
}: {
  preview: Preview;
  /** Why Confirm cannot be pressed now (a new preview on its way, a bad field), or null. */
  blocked: string | null;
  slippage: SlippageField;
  onCancel(): void;
}) {
  const [requestId, setRequestId] = useState(newRequestId);
  const [onPartialFailure, setOnPartialFailure] = useState<OnPartialFailure>('rollback');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const [riskDraft, setRiskDraft] = useState(emptyRiskDraft);
  const [riskFields, setRiskFields] = useState<Partial<Record<RiskField, string>>>({});
  const inFlight = useRef(false);
  const needed = preview.acknowledgement;
  const missing = needed?.symbols.join(',') ?? '';
  // Other terms are another question: another id, and what is left out must be acknowledged again.
  useEffect(() => {
    setRequestId(newRequestId());
  }, [preview.maxSlippagePercent]);
  useEffect(() => {
    setAcknowledged(false);
  }, [missing]);

  const onConfirm = async () => {
    if (inFlight.current) return;
    const risk = checkRiskDraft(riskDraft);
    setRiskFields(risk.fields);
    if (!risk.rules) return setError('Check the marked risk rules.');
    inFlight.current = true;
    setSending(true);
    try {
      const { position } = await api.invoke(
        'positions.open',
        openRequest(
          preview,
          requestId,
          onPartialFailure,
          needed && acknowledged ? needed.symbols : undefined,
          risk.rules,
        ),
      );
      showPosition(position);
      goTo('positions', String(position.id));
    } catch (thrown) {
      // Nothing was opened for this id (or the answer was lost): a retry sends the same id again.
      const marked: Partial<Record<RiskField, string>> = {};
      for (const issue of asSynthexError(thrown).issues ?? [])
        if (issue.path.startsWith('risk')) marked[fieldOfPath(issue.path) ?? 'stopLoss'] ??= issue.message;
      setRiskFields(marked);
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
        ]}
      />
      <TextField
        id="maxSlippagePercent"
        label="Slippage cap (% per leg)"
        error={slippage.error}
        hint="The worst fill each order of this position may get, from the price at confirmation (0.01 to 10); it stays with the position for its close, repairs and rebalances."
        inputMode="decimal"
        className="short-input"
        value={slippage.text === '' ? preview.maxSlippagePercent : slippage.text}
        onChange={(text) => slippage.onChange(text)}
      />
      <ChoiceRow
        legend="If a leg fails"
        name="onPartialFailure"
        options={partialFailureChoices}
        value={onPartialFailure}
        onChange={setOnPartialFailure}
      />
      {needed && (
        <AcknowledgeDropped
          acknowledgement={needed}
          checked={acknowledged}
          onChange={setAcknowledged}
          disabled={sending}
        />
      )}
      <details className="open-risk-rules">
        <summary>Risk rules (optional): stops, take-profit, scheduled rebalancing</summary>
        <RiskRuleFields draft={riskDraft} fields={riskFields} onChange={setRiskDraft} />
      </details>
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          autoFocus
          disabled={sending || blocked !== null || (needed !== null && !acknowledged)}
          aria-describedby={blocked ? 'confirmBlockedReason' : undefined}
          onClick={() => void onConfirm()}
        >
          {sending ? 'Opening…' : 'Confirm and open'}
        </button>
        <button type="button" onClick={onCancel} disabled={sending}>
          Cancel
        </button>
        {blocked && (
          <span id="confirmBlockedReason" className="muted">
            {blocked}
          </span>
        )}
        <ErrorText error={error} />
      </div>
    </div>
  );
}
