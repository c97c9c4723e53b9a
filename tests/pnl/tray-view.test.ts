import { describe, expect, it } from 'vitest';
import { iconFor, signedAmount, trayView } from '../../electron/core/pnl/tray-view';
import type { PnlTick } from '../../shared/domain/pnl';

const position = (id: number, pnl: string, extra: Partial<PnlTick['positions'][number]> = {}) => ({
  id,
  name: 'Top 5 equal',
  unrealizedPnl: pnl,
  realizedPnl: '0',
  percent: '-2.25',
  usdtSize: '1000',
  feesPaid: '0',
  fundingPaid: '0',
  isAltered: false,
  stale: false,
  ...extra,
});

describe('tray view (pure)', () => {
  it('says so when nothing is open', () => {
    const view = trayView({ pnl: null, alertsPaused: false, updateReady: null });
    expect(view).toMatchObject({ title: '', icon: 'flat', tooltip: 'Synthex: no active positions' });
  });

  it('marks stale figures and paused alerts in the menu and the tooltip', () => {
    const pnl: PnlTick = {
      at: '2026-12-02T08:00:00.000Z',
      total: { unrealizedPnl: '-1234.567', realizedPnl: '3', percent: '-2.25', stale: true },
      positions: [position(3, '-1234.567', { stale: true })],
    };
    const view = trayView({ pnl, alertsPaused: true, updateReady: null });
    expect(view.title).toBe('-1,234.57');
    expect(view.icon).toBe('down');
    expect(view.tooltip).toBe(
      'Synthex: PnL -1,234.57 USDT (-2.25 %), 1 active position (prices stale), alerts paused',
    );
    expect(view.menu.filter((l) => l.type !== 'separator').map((l) => ('label' in l ? l.label : ''))).toEqual(
      [
        'Total PnL -1,234.57 USDT (-2.25 %) · stale',
        'Top 5 equal #3  -1,234.57 USDT  -2.25 %  stale',
        'Open Synthex',
        'Resume alerts',
        'Quit',
      ],
    );
  });

  it('formats signed amounts to the cent and picks the icon by the rounded sign', () => {
    expect(signedAmount('0')).toBe('0.00');
    expect(signedAmount('-0.004')).toBe('0.00');
    expect(signedAmount('1234567.891')).toBe('+1,234,567.89');
    expect(signedAmount('-0.005')).toBe('-0.01');
    expect(iconFor('0.004')).toBe('flat');
    expect(iconFor('0.005')).toBe('up');
    expect(iconFor('-12')).toBe('down');
  });

  it('shows armed risk rules on a position’s line, and says when one fired', () => {
    const pnl: PnlTick = {
      at: '2026-12-02T08:00:00.000Z',
      total: { unrealizedPnl: '5', realizedPnl: '0', percent: '0.5', stale: false },
      positions: [
        position(4, '5', { risk: 'SL −2 % · TP +5 %' }),
        position(5, '0', { risk: 'stop-loss fired: closing' }),
      ],
    };
    const labels = trayView({ pnl, alertsPaused: false, updateReady: null }).menu.map((l) =>
      'label' in l ? l.label : '',
    );
    expect(labels).toContain('Top 5 equal #4  +5.00 USDT  -2.25 %  SL −2 % · TP +5 %');
    expect(labels).toContain('Top 5 equal #5  0.00 USDT  -2.25 %  stop-loss fired: closing');
  });
});
