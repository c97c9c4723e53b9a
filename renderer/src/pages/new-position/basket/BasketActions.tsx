import { useState } from 'react';
import type { IndexSummary } from '../../../../../shared/domain/indices';
import { errorMessage } from '../../../forms/form-failure';
import { useIndices } from '../../../store/indices-store';

/** New, edit and delete for the profile's own baskets; deleting asks first. */
export function BasketActions({
  chosen,
  onNew,
  onEdit,
  onDeleted,
}: {
  chosen: IndexSummary | undefined;
  onNew(): void;
  onEdit(index: IndexSummary): void;
  onDeleted(id: string): void;
}) {
  const remove = useIndices((state) => state.remove);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const custom = chosen && !chosen.builtIn ? chosen : null;
  const confirmingThis = custom !== null && confirming === custom.id;

  const onDelete = async (index: IndexSummary) => {
    setConfirming(null);
    try {
      await remove(index.id);
      setError(null);
      onDeleted(index.id);
    } catch (thrown) {
      setError(errorMessage(thrown));
    }
  };

  return (
    <div className="basket-actions">
      <button type="button" onClick={onNew}>
        New basket…
      </button>
      {custom && !confirmingThis && (
        <>
          <button type="button" onClick={() => onEdit(custom)}>
            Edit basket…
          </button>
          <button type="button" className="danger-outline" onClick={() => setConfirming(custom.id)}>
            Delete basket…
          </button>
        </>
      )}
      {custom && confirmingThis && (
        <span className="confirm" role="group" aria-label="Confirm deletion">
          <span className="error-text">
            Delete “{custom.name}”? Positions opened from it keep their legs.
          </span>
          <button type="button" className="danger" onClick={() => void onDelete(custom)}>
            Delete basket
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </span>
      )}
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
