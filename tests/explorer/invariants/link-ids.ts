import { parseOrderLinkId, type OrderLinkParts } from '../../../electron/core/positions/order-link-id';
import type { PositionRecord } from './world';

/** Synthex's orderLinkIds resolved to the position they belong to (by the position's random link key). */
export function linkResolver(positions: readonly PositionRecord[]) {
  const byKey = new Map(positions.map((p) => [p.linkKey, p]));
  return (orderLinkId: string): { position: PositionRecord; parts: OrderLinkParts } | null => {
    const parts = parseOrderLinkId(orderLinkId);
    const position = parts ? byKey.get(parts.linkKey) : undefined;
    return parts && position ? { position, parts } : null;
  };
}
