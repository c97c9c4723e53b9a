import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Preview } from '../../shared/domain/preview';
import { positionsOpenRequestSchema } from '../../shared/domain/positions';
import {
  newRequestId,
  openBlockedReason,
  openRequest,
} from '../../renderer/src/pages/new-position/open-request';
import { closeBlockedReason } from '../../renderer/src/pages/positions/detail/close-blocked';
import { positionRow as position } from '../support/position-row';

// The store module subscribes to the contract client at import; give it one that does nothing.
vi.mock('../../renderer/src/api/client', () => ({
  api: {
    invoke: () => Promise.reject(new Error('not in this test')),
    on: () => () => {},
    connection: { current: () => 'connected', onChange: () => () => {} },
  },
}));
const { upsertPosition } = await import('../../renderer/src/store/positions-store');

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const preview = (patch: Partial<Preview> = {}): Preview =>
  ({
    indexId: 'top5-equal',
    indexName: 'Top 5 equal',
    usdtSize: '250.5',
    direction: 'short',
    leverage: '3',
    strict: false,
    maxSlippagePercent: '0.8',
    legs: [{ symbol: 'BTCUSDT' }],
    problems: [],
    ...patch,
  }) as Preview;

describe('opening from a confirmed preview', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends exactly what the preview was for, with one id per confirmation', () => {
    const id = newRequestId();
    expect(id).toMatch(uuid);
    expect(newRequestId()).not.toBe(id);
    const request = openRequest(preview(), id, 'keep');
    expect(request).toEqual({
      requestId: id,
      indexId: 'top5-equal',
      usdtSize: '250.5',
      direction: 'short',
      leverage: '3',
      onPartialFailure: 'keep',
      maxSlippagePercent: '0.8',
      strict: false,
    });
    expect(positionsOpenRequestSchema.safeParse(request).success).toBe(true);
  });

  it('makes a v4 UUID where randomUUID is missing (a page that is not a secure context)', () => {
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => bytes.fill(0xff) });
    expect(newRequestId()).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('says why Open cannot be pressed', () => {
    const ready = { formValid: true, current: true, failed: false };
    expect(openBlockedReason(preview(), { ...ready, formValid: false })).toBe('Fix the marked field first.');
    expect(openBlockedReason(preview(), { ...ready, failed: true })).toMatch(/preview failed/);
    expect(openBlockedReason(null, ready)).toBe('Waiting for a preview.');
    expect(openBlockedReason(preview(), { ...ready, current: false })).toMatch(/being updated/);
    const blocked = preview({ problems: [{ code: 'NO_API_KEY', message: '' }] });
    expect(openBlockedReason(blocked, ready)).toMatch(/problems/);
    expect(openBlockedReason(preview({ legs: [] }), ready)).toMatch(/no leg/);
    expect(openBlockedReason(preview(), ready)).toBeNull();
  });
});

describe('positions in the list', () => {
  it('inserts new ones newest first and never lets an older copy replace a newer one', () => {
    const first = position({ id: 1, createdAt: '2026-12-01T10:00:00.000Z' });
    const second = position({ id: 2, createdAt: '2026-12-01T11:00:00.000Z' });
    const list = upsertPosition(upsertPosition([], first), second);
    expect(list.map((p) => p.id)).toEqual([2, 1]);
    const closed = position({ id: 1, status: 'CLOSED', updatedAt: '2026-12-01T12:00:00.000Z' });
    const updated = upsertPosition(list, closed);
    expect(updated.find((p) => p.id === 1)!.status).toBe('CLOSED');
    const stale = position({ id: 1, status: 'CLOSING', updatedAt: '2026-12-01T11:30:00.000Z' });
    expect(upsertPosition(updated, stale).find((p) => p.id === 1)!.status).toBe('CLOSED');
  });

  it('says why Close cannot be pressed', () => {
    expect(closeBlockedReason(position({ status: 'EXECUTING' }))).toMatch(/Still opening/);
    expect(closeBlockedReason(position({ status: 'CLOSED' }))).toBe('Already closed.');
    expect(closeBlockedReason(position({ status: 'FAILED' }))).toBe('It failed: nothing is held.');
    expect(closeBlockedReason(position({ status: 'ACTIVE' }))).toBeNull();
    expect(closeBlockedReason(position({ status: 'CLOSING' }))).toBeNull();
    expect(closeBlockedReason(position({ status: 'ACTIVE', pendingAction: 'repair' }))).toMatch(
      /A repair is under way/,
    );
  });
});
