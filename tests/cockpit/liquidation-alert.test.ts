import { describe, expect, it } from 'vitest';
import { alertServiceFixture } from '../alerts/alert-service-fixture';
import type { AccountSummary } from '../../shared/domain/account';
import { defaultSettings } from '../../shared/domain/settings';

/*
 * The liquidation-risk alert: a held coin within the Settings distance of its liquidation price.
 */

const summary = (distances: Record<string, string>): AccountSummary => ({
  profileId: 1,
  accountType: 'UNIFIED',
  marginMode: 'REGULAR_MARGIN',
  positionMode: 'one-way',
  equity: '1000',
  walletBalance: '1000',
  availableBalance: '500',
  initialMargin: '500',
  maintenanceMargin: '50',
  marginRatio: '0.05',
  initialMarginRatio: '0.5',
  unrealizedPnl: '0',
  liquidation: Object.entries(distances).map(([symbol, distancePercent]) => ({
    symbol,
    side: 'Buy' as const,
    liqPrice: '90',
    markPrice: '100',
    distancePercent,
  })),
  openPositions: Object.keys(distances).length,
  live: true,
  updatedAt: new Date(0).toISOString(),
});

describe('liquidation-risk alert', () => {
  it('is on by default at 10 %, and tells each coin once per crossing (re-armed 20 % beyond the limit)', () => {
    expect(defaultSettings.alerts.liquidationDistancePercent).toBe(10);
    const { shown, service } = alertServiceFixture();
    service.onEvent('account.updated', summary({ BTCUSDT: '25', ETHUSDT: '15' }));
    expect(shown).toHaveLength(0);
    service.onEvent('account.updated', summary({ BTCUSDT: '9.5', ETHUSDT: '15' }));
    expect(shown.map((a) => [a.kind, a.level, a.title])).toEqual([
      ['liquidation.risk', 'error', 'BTCUSDT is 9.5 % from liquidation'],
    ]);
    // Dancing on the line: told once.
    for (const d of ['10.5', '9.9', '11.9', '8'])
      service.onEvent('account.updated', summary({ BTCUSDT: d, ETHUSDT: '15' }));
    expect(shown).toHaveLength(1);
    // Back out beyond 12 % re-arms it; the next crossing is told again.
    service.onEvent('account.updated', summary({ BTCUSDT: '12.5', ETHUSDT: '15' }));
    service.onEvent('account.updated', summary({ BTCUSDT: '9', ETHUSDT: '10' }));
    expect(shown.map((a) => a.title)).toEqual([
      'BTCUSDT is 9.5 % from liquidation',
      'BTCUSDT is 9 % from liquidation',
      'ETHUSDT is 10 % from liquidation',
    ]);
  });

  it('says nothing when turned off', () => {
    const { shown, service } = alertServiceFixture({ liquidationDistancePercent: null });
    service.onEvent('account.updated', summary({ BTCUSDT: '1' }));
    expect(shown).toHaveLength(0);
  });
});
