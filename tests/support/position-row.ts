import type { Position } from '../../shared/domain/positions';

/**
 * A position as the contract sends it (`positions.updated`, `positions.list`): an ACTIVE long of 1000 USDT on
 * Top 10 equal, nothing altered or pending, with `patch` laid over it.
 */
export const positionRow = (patch: Partial<Position> = {}): Position => ({
  id: 1,
  profileId: 1,
  indexId: 'top10-equal',
  indexName: 'Top 10 equal',
  usdtSize: '1000',
  direction: 'long',
  leverage: '1',
  status: 'ACTIVE',
  isAltered: false,
  alteration: null,
  pendingAction: null,
  unrealizedPnl: '0',
  realizedPnl: '0',
  failureReason: null,
  onPartialFailure: 'rollback',
  maxSlippagePercent: '0.5',
  environment: 'custom',
  account: 'Bybit account 1',
  accountMismatch: null,
  legs: 10,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  closedAt: null,
  ...patch,
});
