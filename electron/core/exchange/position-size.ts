import { Dec } from '../../../shared/decimal';
import type { Position } from './types';

/** A position row's size with its side's sign: + long, − short, 0 flat (Bybit's `size` is always positive). */
export function signedSize(row: Pick<Position, 'size' | 'side'>): Dec {
  const size = new Dec(row.size || '0');
  return row.side === 'Sell' ? size.neg() : row.side === 'Buy' ? size : new Dec(0);
}
