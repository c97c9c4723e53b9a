import { useState } from 'react';
import type { Preview } from '../../../../shared/domain/preview';
import { OpenConfirmation } from './OpenConfirmation';
import { openBlockedReason, type OpenReadiness } from './open-request';

/**
 * Open, disabled with its reason while the preview cannot be opened; pressed, it asks for a confirmation
 * of what will be sent. The page remounts it whenever the values change, so a confirmation never outlives
 * the preview it confirms.
 */
export function OpenPositionButton({
  preview,
  readiness,
}: {
  preview: Preview | null;
  readiness: OpenReadiness;
}) {
  const [confirming, setConfirming] = useState(false);
  const reason = openBlockedReason(preview, readiness);
  if (confirming && preview && reason === null)
    return <OpenConfirmation preview={preview} onCancel={() => setConfirming(false)} />;
  return (
    <div className="open-position">
      <button
        type="button"
        className="primary"
        disabled={reason !== null}
        aria-describedby={reason ? 'openBlockedReason' : undefined}
        onClick={() => setConfirming(true)}
      >
        Open position…
      </button>
      {reason && (
        <span id="openBlockedReason" className="muted">
          {reason}
        </span>
      )}
    </div>
  );
}
