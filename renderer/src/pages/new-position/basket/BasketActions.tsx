import type { IndexSummary } from '../../../../../shared/domain/indices';
import { Confirm } from '../../../components/Confirm';
import { FormStatus } from '../../../components/FormStatus';
import { useConfirmation } from '../../../components/use-confirmation';
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
  // The subject is the basket's id: choosing another basket leaves that one's question unasked.
  const action = useConfirmation<string>();
  const custom = chosen && !chosen.builtIn ? chosen : null;
  const confirmingThis = custom !== null && action.subject === custom.id;

  // The question goes at once, before the list answers: the basket it named is on its way out.
  const onDelete = (index: IndexSummary) => {
    action.close();
    return action.run(async () => {
      await remove(index.id);
      onDeleted(index.id);
    });
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
          <button
            ref={action.opener}
            type="button"
            className="danger-outline"
            onClick={() => action.open(custom.id)}
          >
            Delete basket…
          </button>
        </>
      )}
      {custom && confirmingThis && (
        <Confirm
          {...action.confirmProps(() => onDelete(custom))}
          label="Confirm deletion"
          confirmLabel="Delete basket"
          tone="danger"
        >
          <span className="error-text">
            Delete “{custom.name}”? Positions opened from it keep their legs.
          </span>
        </Confirm>
      )}
      <FormStatus error={action.error} />
    </div>
  );
}
