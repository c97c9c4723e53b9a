import './new-position.css';
import { useEffect, useMemo, useState } from 'react';
import type { IndexSummary } from '../../../../shared/domain/indices';
import { formFailure } from '../../forms/form-failure';
import { useIndices } from '../../store/indices-store';
import { BasketActions } from './basket/BasketActions';
import { BasketEditor } from './basket/BasketEditor';
import { draftFromIndex, emptyBasket, type BasketDraft } from './basket/basket-draft';
import { HistoryPanel } from './HistoryPanel';
import { IndexPicker } from './IndexPicker';
import { LeverageHint } from './LeverageHint';
import { MinimumSize } from './MinimumSize';
import { OpenPositionButton } from './OpenPositionButton';
import { OrderFields } from './OrderFields';
import {
  checkDraft,
  confirmationKey,
  defaultDraft,
  positionLabels,
  requestKey,
  type PositionDraft,
} from './position-draft';
import { PreviewSection } from './PreviewSection';
import { usePreview } from './use-preview';

/** Index, size, direction and leverage in; the exact orders that would be sent out, as you type. */
export function NewPositionPage() {
  const indices = useIndices((state) => state.indices);
  const indicesError = useIndices((state) => state.loadError);
  const [draft, setDraft] = useState<PositionDraft>(defaultDraft);
  const [editing, setEditing] = useState<BasketDraft | null>(null);

  useEffect(() => {
    void useIndices.getState().load();
  }, []);

  const checked = useMemo(() => checkDraft(draft), [draft]);
  const preview = usePreview(checked.request);
  const current = preview.result !== null && requestKey(preview.resultFor) === requestKey(checked.request);
  const serverFailure = preview.error !== null ? formFailure(preview.error, positionLabels) : null;
  const fields = { ...serverFailure?.fields, ...checked.fields };
  const update = (patch: Partial<PositionDraft>) => setDraft((old) => ({ ...old, ...patch }));
  const chosen = indices?.find((index) => index.id === draft.indexId);

  const onSaved = (index: IndexSummary) => {
    setEditing(null);
    // The same id with new legs asks a new question: the request alone would not show it.
    if (index.id === draft.indexId) preview.refresh();
    else update({ indexId: index.id });
  };

  return (
    <div className="page new-position-page">
      <div className="page-title">
        <div>
          <h1>New position</h1>
          <p className="muted page-subtitle">
            Pick an index, a size and a direction: the preview shows every order before anything is sent.
          </p>
        </div>
        <a href="#/positions">Back to positions</a>
      </div>

      {indicesError && (
        <p className="error-text" role="alert">
          Could not list the indices: {indicesError}
        </p>
      )}
      {/* Not a form: nothing is submitted from here, and the basket editor inside is a form of its own. */}
      <div className="position-form">
        <IndexPicker
          indices={indices}
          value={draft.indexId}
          error={fields.indexId}
          onChange={(indexId) => update({ indexId })}
        />
        {chosen && (
          <p className="small">
            <a href={`#/universe/${chosen.id}`}>{chosen.name}: composition over time, NAV and stats</a>
          </p>
        )}
        <BasketActions
          chosen={chosen}
          onNew={() => setEditing(emptyBasket())}
          onEdit={(index) => setEditing(draftFromIndex(index))}
          onDeleted={() => update({ indexId: defaultDraft.indexId })}
        />
        {editing && (
          <BasketEditor
            key={editing.id ?? 'new'}
            initial={editing}
            onSaved={onSaved}
            onCancel={() => setEditing(null)}
          />
        )}
        <OrderFields
          draft={draft}
          fields={fields}
          onChange={update}
          sizeHint={
            <MinimumSize
              minimum={current ? preview.result?.minimumUsdtSize : undefined}
              withMargin={current ? preview.result?.minimumUsdtSizeWithMargin : undefined}
              current={draft.usdtSize}
              onApply={(usdtSize) => update({ usdtSize })}
            />
          }
          leverageHint={current && preview.result ? <LeverageHint preview={preview.result} /> : null}
        />
      </div>

      <PreviewSection
        state={preview}
        formValid={checked.request !== null}
        failure={serverFailure?.message ?? null}
      >
        <OpenPositionButton
          key={confirmationKey(draft)}
          preview={preview.result}
          readiness={{
            formValid: checked.request !== null,
            current,
            failed: preview.error !== null && !preview.pending,
          }}
          slippage={{
            text: draft.maxSlippagePercent,
            error: fields.maxSlippagePercent,
            onChange: (maxSlippagePercent) => update({ maxSlippagePercent }),
          }}
        />
      </PreviewSection>

      <HistoryPanel position={checked.request} />
    </div>
  );
}
