import { describe, expect, it } from 'vitest';
import { alertServiceFixture } from './alert-service-fixture';
import { ThresholdAlarm } from '../../electron/core/alerts/threshold-alarm';
import { Dec } from '../../shared/decimal';
import type { PnlTick } from '../../shared/domain/pnl';
import type { Position } from '../../shared/domain/positions';
import { positionRow } from '../support/position-row';

const position = (patch: Partial<Position>): Position =>
  positionRow({
    id: 5,
    indexId: 'top5-equal',
    indexName: 'Top 5 equal',
    status: 'PENDING',
    legs: 5,
    createdAt: '2026-12-02T08:00:00.000Z',
    updatedAt: '2026-12-02T08:00:00.000Z',
    ...patch,
  });

const tick = (pnl: string, options: { stale?: boolean; percent?: string } = {}): PnlTick => ({
  at: '2026-12-02T08:00:00.000Z',
  total: {
    unrealizedPnl: pnl,
    realizedPnl: '0',
    percent: options.percent ?? '0',
    stale: options.stale ?? false,
  },
  positions: [
    {
      id: 5,
      name: 'Top 5 equal',
      unrealizedPnl: pnl,
      realizedPnl: '0',
      percent: options.percent ?? '0',
      usdtSize: '1000',
      feesPaid: '0',
      fundingPaid: '0',
      isAltered: false,
      stale: options.stale ?? false,
    },
  ],
});

describe('threshold alarm (hysteresis)', () => {
  it('fires once for a value dancing around the threshold, again only after it was well back inside and the cool-down passed', () => {
    const alarm = new ThresholdAlarm();
    const limit = new Dec(50);
    expect(alarm.update(new Dec(0), limit, 0)).toBeNull();
    const fired: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      const side = alarm.update(new Dec(i % 2 === 0 ? '50.01' : '49.99'), limit, 1);
      if (side) fired.push(side);
    }
    expect(fired).toEqual(['above']);
    expect(alarm.update(new Dec(39), limit, 2)).toBeNull(); // back inside by more than 20 %: re-armed
    expect(alarm.update(new Dec(51), limit, 3)).toBeNull(); // … but within the cool-down
    expect(alarm.update(new Dec(-50), limit, 4)).toBe('below'); // the other side is news
    expect(alarm.update(new Dec(39), limit, 10 * 60_000)).toBeNull();
    expect(alarm.update(new Dec(51), limit, 10 * 60_000 + 1)).toBe('above');
  });

  it('starts afresh on a new limit without firing for where the value already is', () => {
    const alarm = new ThresholdAlarm();
    alarm.update(new Dec(0), new Dec(50), 0);
    expect(alarm.update(new Dec(80), new Dec(20), 1)).toBeNull();
    expect(alarm.update(new Dec(81), new Dec(20), 2)).toBeNull();
  });
});

describe('alert service', () => {
  it('tells when an execution is done or failed, once per occurrence', () => {
    const { shown, service } = alertServiceFixture();
    service.onEvent('positions.updated', position({ status: 'PENDING' }));
    service.onEvent('positions.updated', position({ status: 'EXECUTING' }));
    service.onEvent('positions.updated', position({ status: 'ACTIVE' }));
    service.onEvent('positions.updated', position({ status: 'ACTIVE' }));
    service.onEvent('positions.updated', position({ id: 6, status: 'EXECUTING' }));
    service.onEvent(
      'positions.updated',
      position({ id: 6, status: 'FAILED', failureReason: 'BTCUSDT: no liquidity.' }),
    );
    service.onEvent(
      'positions.updated',
      position({ id: 6, status: 'FAILED', failureReason: 'BTCUSDT: no liquidity.' }),
    );
    expect(shown.map((a) => [a.kind, a.title, a.positionId])).toEqual([
      ['execution.done', 'Top 5 equal #5 is open', 5],
      ['execution.failed', 'Top 5 equal #6 failed', 6],
    ]);
    expect(shown[1]!.body).toBe('BTCUSDT: no liquidity.');
  });

  it('tells when a position becomes altered, not again while it stays altered', () => {
    const { shown, service } = alertServiceFixture();
    service.onEvent('positions.updated', position({ status: 'ACTIVE' }));
    service.onEvent('positions.updated', position({ status: 'ACTIVE', isAltered: true, updatedAt: 'a' }));
    service.onEvent('positions.updated', position({ status: 'ACTIVE', isAltered: true, updatedAt: 'b' }));
    expect(shown.map((a) => a.kind)).toEqual(['position.altered']);
  });

  it('names the coins that differ, and says nothing when drift warnings are off', () => {
    const alteration = {
      detectedAt: '2026-12-02T08:00:00.000Z',
      legs: [
        {
          symbol: 'SOLUSDT',
          mode: 'one-way' as const,
          expected: '3.1',
          actual: '0',
          difference: '-3.1',
          positionIds: [5],
          outside: [],
        },
      ],
    };
    const on = alertServiceFixture();
    on.service.onEvent('positions.updated', position({ status: 'ACTIVE' }));
    on.service.onEvent('positions.updated', position({ status: 'ACTIVE', isAltered: true, alteration }));
    expect(on.shown.map((a) => a.body)).toEqual([
      "Bybit's holdings differ on SOLUSDT (expected 3.1, Bybit 0).",
    ]);

    const off = alertServiceFixture({ drift: false });
    off.service.onEvent('positions.updated', position({ status: 'ACTIVE' }));
    off.service.onEvent('positions.updated', position({ status: 'ACTIVE', isAltered: true, alteration }));
    expect(off.shown).toEqual([]);
  });

  it('fires a per-position USDT threshold once while the PnL dances around it', () => {
    const { shown, service } = alertServiceFixture({ pnlPositionUsdt: '25' });
    service.onEvent('pnl.tick', tick('0'));
    for (let i = 0; i < 40; i += 1) service.onEvent('pnl.tick', tick(i % 2 ? '25.01' : '24.99'));
    expect(shown.filter((a) => a.kind === 'pnl.threshold').map((a) => a.title)).toEqual([
      'Top 5 equal #5: PnL above +25 USDT',
    ]);
  });

  it('a 0.3 USDT threshold with the PnL dancing through it for 20 s is told once, not 4 times', () => {
    const { shown, service, advance } = alertServiceFixture({ pnlPositionUsdt: '0.3' });
    const thresholds = () => shown.filter((a) => a.kind === 'pnl.threshold').map((a) => a.title);
    service.onEvent('pnl.tick', tick('0'));
    // A tick every 250 ms, the PnL going past 0.3 and back under the re-arm level (0.24) every second.
    const dance = ['0.28', '0.31', '0.26', '0.22'];
    for (let i = 0; i < 80; i += 1) {
      advance(250);
      service.onEvent('pnl.tick', tick(dance[i % dance.length]!));
    }
    expect(thresholds()).toEqual(['Top 5 equal #5: PnL above +0.3 USDT']);
    // Still dancing ten minutes later: one more, not one per crossing.
    advance(10 * 60_000);
    for (let i = 0; i < 80; i += 1) {
      advance(250);
      service.onEvent('pnl.tick', tick(dance[i % dance.length]!));
    }
    expect(thresholds()).toHaveLength(2);
  });

  it('watches per-position %, total USDT and total % too', () => {
    const { shown, service } = alertServiceFixture({
      pnlMovePercent: 2,
      pnlTotalUsdt: '100',
      pnlTotalPercent: 5,
    });
    service.onEvent('pnl.tick', tick('0', { percent: '0' }));
    service.onEvent('pnl.tick', tick('-120', { percent: '-12' }));
    expect(shown.map((a) => a.title).sort()).toEqual(
      ['Top 5 equal #5: PnL below -2 %', 'Total PnL below -100 USDT', 'Total PnL below -5 %'].sort(),
    );
    expect(shown.find((a) => a.title.startsWith('Total'))!.positionId).toBeNull();
  });

  it('tells once when live prices turn stale, again only after they were live in between and 10 min passed', () => {
    const { shown, service, advance } = alertServiceFixture();
    service.onEvent('pnl.tick', tick('1', { stale: true })); // before the first price: not news
    service.onEvent('pnl.tick', tick('1'));
    service.onEvent('pnl.tick', tick('1', { stale: true }));
    service.onEvent('pnl.tick', tick('1', { stale: true }));
    service.onEvent('pnl.tick', tick('1'));
    service.onEvent('pnl.tick', tick('1', { stale: true })); // flapping within 10 minutes: quiet
    expect(shown.filter((a) => a.kind === 'market.stale')).toHaveLength(1);
    advance(10 * 60_000);
    service.onEvent('pnl.tick', tick('1'));
    service.onEvent('pnl.tick', tick('1', { stale: true }));
    expect(shown.filter((a) => a.kind === 'market.stale')).toHaveLength(2);
  });

  it('stays quiet while paused, and resuming brings no flood of what happened meanwhile', () => {
    const { shown, settings, service } = alertServiceFixture({ pnlPositionUsdt: '10', paused: true });
    service.onEvent('pnl.tick', tick('0'));
    service.onEvent('pnl.tick', tick('11'));
    service.onEvent('positions.updated', position({ status: 'EXECUTING' }));
    service.onEvent('positions.updated', position({ status: 'ACTIVE' }));
    expect(shown).toEqual([]);
    settings.paused = false;
    service.onEvent('pnl.tick', tick('11.5'));
    expect(shown).toEqual([]);
    service.onEvent('pnl.tick', tick('-11'));
    expect(shown.map((a) => a.title)).toEqual(['Top 5 equal #5: PnL below -10 USDT']);
  });
});
