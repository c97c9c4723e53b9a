import { randomInt } from 'node:crypto';
import type { OrderKind } from '../../../shared/domain/positions';
import { maxOrderLinkIdLength } from '../exchange';

/**
 * Synthex's orderLinkIds: `sx-<linkKey>-<component>-<kind><attempt>-<chunk>`, e.g. `sx-k3f9a0b2cd-1a2-o1-0`.
 *
 * - `linkKey`: 10 random [a-z0-9] characters per position (synthetic_positions.link_key), so ids never
 *   collide with another Synthex install trading the same Bybit account (Bybit keeps them unique per account).
 * - `component`: the position_components id in base 36; `kind`: o(pen), c(lose), r(epair), b (rebalance).
 * - `attempt`: 1, 2, … in base 36: a retry after Bybit certainly did not take the order is a new attempt.
 * - `chunk`: which part of a leg split above Bybit's largest market order, in base 36.
 *
 * The id is derived, never random per send: after a crash or a lost answer the same order is looked up by
 * the same id instead of being sent again. At most 25 characters (Bybit allows 36).
 */
const kindLetters: Record<OrderKind, string> = { open: 'o', close: 'c', repair: 'r', rebalance: 'b' };
const lettersToKind = Object.fromEntries(Object.entries(kindLetters).map(([k, v]) => [v, k])) as Record<
  string,
  OrderKind
>;

export interface OrderLinkParts {
  linkKey: string;
  componentId: number;
  kind: OrderKind;
  attempt: number;
  chunk: number;
}

const pattern = /^sx-([a-z0-9]{1,12})-([a-z0-9]+)-([ocrb])([a-z0-9]+)-([a-z0-9]+)$/;

export function orderLinkId(parts: OrderLinkParts): string {
  const id = `sx-${parts.linkKey}-${parts.componentId.toString(36)}-${kindLetters[parts.kind]}${parts.attempt.toString(36)}-${parts.chunk.toString(36)}`;
  if (id.length > maxOrderLinkIdLength) throw new RangeError(`orderLinkId ${id} is longer than Bybit allows`);
  return id;
}

/** The parts of a Synthex orderLinkId, or null for anything else (an order placed by hand or another tool). */
export function parseOrderLinkId(id: string): OrderLinkParts | null {
  const match = pattern.exec(id);
  if (!match) return null;
  const [, linkKey, component, kind, attempt, chunk] = match;
  return {
    linkKey: linkKey!,
    componentId: parseInt(component!, 36),
    kind: lettersToKind[kind!]!,
    attempt: parseInt(attempt!, 36),
    chunk: parseInt(chunk!, 36),
  };
}

/** A fresh link key for a new position: 10 characters from a CSPRNG (about 51 bits). */
export function newLinkKey(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let key = '';
  for (let i = 0; i < 10; i += 1) key += alphabet[randomInt(alphabet.length)];
  return key;
}
