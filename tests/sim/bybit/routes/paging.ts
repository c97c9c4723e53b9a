import type { Engine } from '../engine';
import { paramError } from '../errors';
import type { Instrument } from '../instruments';

/** Parses `limit` within [min,max] with a default; out of range is a param error, as on Bybit. */
export function parseLimit(raw: unknown, def: number, max: number): number {
  if (raw === undefined || raw === '') return def;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw paramError('limit invalid');
  return n;
}

/**
 * Opaque offset cursors that contain an escaped "=" on purpose ("offset%3D20"): the SDK encodes
 * them again (%253D), so clients that decode twice or never are caught.
 */
export function page<T>(
  items: T[],
  limitRaw: unknown,
  def: number,
  max: number,
  cursorRaw: unknown,
): { list: T[]; nextPageCursor: string } {
  const limit = parseLimit(limitRaw, def, max);
  let offset = 0;
  if (typeof cursorRaw === 'string' && cursorRaw !== '') {
    const m = /^offset=(\d+)$/.exec(decodeURIComponent(cursorRaw));
    if (!m || !m[1]) throw paramError('cursor invalid');
    offset = Number(m[1]);
  }
  const list = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? encodeURIComponent(`offset=${offset + limit}`) : '';
  return { list, nextPageCursor: next };
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The instrument a `symbol` parameter names: Bybit's 10001 "symbol is required" or "symbol invalid" otherwise. */
export function instrumentParam(engine: Engine, raw: unknown): Instrument {
  const symbol = str(raw);
  if (!symbol) throw paramError('symbol is required');
  const inst = engine.instrument(symbol);
  if (!inst) throw paramError('symbol invalid');
  return inst;
}
