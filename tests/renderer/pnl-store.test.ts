import { describe, expect, it, vi } from 'vitest';
import type { PnlTick } from '../../shared/domain/pnl';

// The store module subscribes to the contract client at import; give it one that does nothing.
vi.mock('../../renderer/src/api/client', () => ({
  api: {
    invoke: () => Promise.reject(new Error('not in this test')),
    on: () => () => {},
    connection: { current: () => 'connected', onChange: () => () => {} },
  },
}));
const { usePnl, showTick } = await import('../../renderer/src/store/pnl-store');
const { pnlTitle } = await import('../../renderer/src/alerts/pnl-title');

const tick = (a: string, b: string, stale = false): PnlTick => ({
  at: '2026-12-02T08:00:00.000Z',
  total: { unrealizedPnl: '1234.5', realizedPnl: '0', percent: '1', stale },
  positions: [1, 2].map((id) => ({
    id,
    name: 'Top 5 equal',
    unrealizedPnl: id === 1 ? a : b,
    realizedPnl: '0',
    percent: '0',
    usdtSize: '1000',
    feesPaid: '0',
    fundingPaid: '0',
    isAltered: false,
    stale,
  })),
});

describe('live PnL store', () => {
  it('keeps the same object for a position whose figure did not move, so its row does not re-render', () => {
    showTick(tick('1', '2'));
    const first = usePnl.getState().byId;
    showTick(tick('1', '3'));
    const second = usePnl.getState().byId;
    expect(second[1]).toBe(first[1]);
    expect(second[2]).not.toBe(first[2]);
    expect(second[2]!.unrealizedPnl).toBe('3');
    showTick(tick('1', '3', true));
    expect(usePnl.getState().byId[1]).not.toBe(second[1]);
    expect(usePnl.getState().byId[1]!.stale).toBe(true);
  });

  it('titles a headless tab with the total, and says when it is stale', () => {
    expect(pnlTitle(null)).toBe('Synthex');
    expect(pnlTitle(tick('1', '2'))).toBe('+1,234.50 USDT · Synthex');
    expect(pnlTitle(tick('1', '2', true))).toBe('+1,234.50 USDT (stale) · Synthex');
    // While Synthex cannot be reached the last total is not live either.
    expect(pnlTitle(tick('1', '2'), true)).toBe('+1,234.50 USDT (stale) · Synthex');
    expect(pnlTitle({ ...tick('1', '2'), positions: [] })).toBe('Synthex');
  });
});
