import { SynthexError } from '../../../shared/contract';
import type { Preview } from '../../../shared/domain/preview';

/**
 * The server's side of the acknowledgement (shared/indices/open-acknowledgement.ts): a preview that asks
 * for one is opened only when the request names every leg the preview, computed again at the open, leaves
 * out. The renderer asks in the confirmation; this keeps any other client (or a leg that only dropped
 * because prices moved since) from opening a basket the trader did not agree to.
 */
export function assertAcknowledged(
  preview: Preview,
  acknowledgedDropped: readonly string[] | undefined,
): void {
  const needed = preview.acknowledgement;
  if (!needed) return;
  const acknowledged = new Set(acknowledgedDropped ?? []);
  const missing = needed.symbols.filter((symbol) => !acknowledged.has(symbol));
  if (acknowledgedDropped !== undefined && missing.length === 0) return;
  const unnamed =
    acknowledgedDropped === undefined || missing.length === needed.symbols.length
      ? ''
      : ` These were not acknowledged: ${missing.join(', ')}.`;
  throw new SynthexError(
    'CONFLICT',
    `The position was not opened: it needs your acknowledgement. ${needed.message}${unnamed} Confirm the legs left out, raise the size, or turn strict on.`,
    [{ path: 'acknowledgedDropped', message: 'confirm the legs left out' }],
  );
}
