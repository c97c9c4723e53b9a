import type { RequestOf } from '../../../../shared/contract';
import type { OnPartialFailure } from '../../../../shared/domain/positions';
import type { Preview } from '../../../../shared/domain/preview';
import type { RiskRules } from '../../../../shared/domain/risk';

/**
 * A new id for one confirmation: every send of that confirmation (a double click, a retry after a lost
 * answer) carries it, so the core opens one position however many arrive.
 */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Pages served over plain http from another host are not a secure context: build a v4 UUID by hand.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What Open sends: exactly what the confirmed preview was for, with its slippage cap. */
export function openRequest(
  preview: Preview,
  requestId: string,
  onPartialFailure: OnPartialFailure,
  /** The legs left out that the trader acknowledged in the confirmation. */
  acknowledgedDropped?: string[],
  /** Risk rules armed with the open (docs/risk.md); none when empty. */
  risk?: RiskRules,
): RequestOf<'positions.open'> {
  return {
    ...(acknowledgedDropped ? { acknowledgedDropped } : {}),
    ...(risk && Object.keys(risk).length > 0 ? { risk } : {}),
    requestId,
    indexId: preview.indexId,
    usdtSize: preview.usdtSize,
    direction: preview.direction,
    leverage: preview.leverage,
    onPartialFailure,
    maxSlippagePercent: preview.maxSlippagePercent,
    strict: preview.strict,
  };
}

/** Where the page stands: values that can be asked about, and whether the last ask failed. */
export interface OpenReadiness {
  formValid: boolean;
  /** The preview on screen answers the values in the form. */
  current: boolean;
  /** The newest request failed (the preview on screen, if any, is an older one). */
  failed: boolean;
}

/** Why Open cannot be pressed now, in words; null when it can. */
export function openBlockedReason(preview: Preview | null, readiness: OpenReadiness): string | null {
  if (!readiness.formValid) return 'Fix the marked field first.';
  if (readiness.failed) return 'The preview failed (see above): nothing can be opened from it.';
  if (!preview) return 'Waiting for a preview.';
  if (!readiness.current) return 'The preview is being updated for the values above.';
  if (preview.problems.length > 0) return 'Resolve the problems above first.';
  if (preview.legs.length === 0) return 'There is no leg to open.';
  return null;
}
