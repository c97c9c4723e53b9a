import { formatTimestamp, formatUsdt } from '../../format';
import { DroppedLegs } from './DroppedLegs';
import { PreviewLegsTable } from './PreviewLegsTable';
import { PreviewMessages } from './PreviewMessages';
import { PreviewTotals } from './PreviewTotals';
import type { PreviewState } from './use-preview';

/** The preview of what Open would send: problems first, then totals, the dropped legs and the legs. */
export function PreviewSection({
  state,
  formValid,
  failure,
  children,
}: {
  state: PreviewState;
  formValid: boolean;
  /** Why the last request failed, in words (field problems are shown at their fields). */
  failure: string | null;
  /** Shown under the totals, above the legs: the Open button and its confirmation. */
  children?: React.ReactNode;
}) {
  const preview = state.result;
  const status = !formValid
    ? 'Fix the marked field to update the preview.'
    : state.pending
      ? 'Updating…'
      : preview
        ? `Priced ${formatTimestamp(preview.pricedAt)}`
        : '';
  return (
    <section className="preview" aria-label="Preview" aria-busy={state.pending}>
      <header className="preview-header">
        <h2>
          Preview
          {preview && (
            <span className="preview-for">
              {' '}
              · {preview.indexName} · {formatUsdt(preview.usdtSize)} {preview.direction} · {preview.leverage}×
            </span>
          )}
        </h2>
        <span className="muted small" role="status">
          {status}
        </span>
        <button type="button" onClick={state.refresh} disabled={!formValid || state.pending}>
          Refresh prices
        </button>
      </header>
      {failure !== null && !state.pending && (
        <p className="error-text" role="alert">
          The preview failed: {failure}
        </p>
      )}
      {preview && (
        <div className={state.pending || !formValid ? 'preview-body stale' : 'preview-body'}>
          <PreviewMessages problems={preview.problems} notes={preview.notes} />
          <PreviewTotals preview={preview} />
          {children}
          <DroppedLegs preview={preview} />
          <PreviewLegsTable preview={preview} />
        </div>
      )}
    </section>
  );
}
