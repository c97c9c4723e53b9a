import type { Preview } from '../../../../shared/domain/preview';

/** Why Open cannot be pressed now, in words; null when it can. */
export function openBlockedReason(preview: Preview | null, current: boolean): string | null {
  if (!preview) return 'Waiting for a preview.';
  if (!current) return 'The preview is being updated for the values above.';
  if (preview.problems.length > 0) return 'Resolve the problems above first.';
  return 'Opening positions arrives with the positions engine: this build previews only, and sends nothing.';
}

/** Open, disabled with its reason until a position can really be opened from here. */
export function OpenPositionButton({ preview, current }: { preview: Preview | null; current: boolean }) {
  const reason = openBlockedReason(preview, current);
  return (
    <div className="open-position">
      <button
        type="button"
        className="primary"
        disabled={reason !== null}
        aria-describedby={reason ? 'openBlockedReason' : undefined}
      >
        Open position
      </button>
      {reason && (
        <span id="openBlockedReason" className="muted">
          {reason}
        </span>
      )}
    </div>
  );
}
