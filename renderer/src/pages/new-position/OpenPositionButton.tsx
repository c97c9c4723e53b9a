import { useState } from 'react';
import type { Preview } from '../../../../shared/domain/preview';
import { OpenConfirmation, type SlippageField } from './OpenConfirmation';
import { openBlockedReason, type OpenReadiness } from './open-request';

/**
 * Open, disabled with its reason while the preview cannot be opened; pressed, it asks for a confirmation
 * of what will be sent. The page remounts it whenever the terms change (index, size, direction, leverage),
 * so a confirmation never outlives the terms it confirms.
 */
export function OpenPositionButton({
  preview,
  readiness,
  slippage,
}: {
  preview: Preview | null;
  readiness: OpenReadiness;
  slippage: SlippageField;
}) {
  const [confirming, setConfirming] = useState(false);
  const reason = openBlockedReason(preview, readiness);
  // Open confirms: a slippage cap changed inside asks for a new preview, and Confirm waits for it.
  if (confirming && preview)
    return (
      <OpenConfirmation
        preview={preview}
        blocked={reason}
        slippage={slippage}
        onCancel={() => setConfirming(false)}
      />
    );
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
