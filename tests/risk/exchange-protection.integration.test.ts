import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import type { LegProtection } from '../../shared/domain/risk';
import { openPosition, waitForStatus } from '../positions/position-helpers';
import { rest } from '../sim/__tests__/helpers';
import { useSimCore } from '../support/sim-session';
import { waitFor } from '../support/wait-for';
import { onTick, riskView } from './risk-helpers';

/**
 * Bybit's own stops as a guard while the app is not running (docs/risk.md): placed on each leg the position
 * holds alone, read back from the simulator's /v5/position/list, moved after a rebalance, gone after the
 * close, and refused in words on a coin another position holds too.
 */
const setup = useSimCore();

/** Bybit's row of the coin as the trader's key reads it. */
async function bybitRow(symbol: string) {
  const answer = await rest(setup.sim, setup.key).getPositionInfo({ category: 'linear', symbol });
  return answer.result.list[0]!;
}

/** Until every leg's protection is settled (none still waiting) and `check` holds. */
async function protectionWhen(id: number, check: (legs: LegProtection[]) => boolean, legs: number) {
  return (await waitFor(
    async () => {
      const view = await riskView(setup.app, id);
      return view.protection.length === legs && check(view.protection) ? view.protection : null;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  ))!;
}

/** A 1× long with a −5 % stop-loss guarded by Bybit-side stops, once ACTIVE. */
async function openProtected(indexId: string, usdtSize: string) {
  const opened = await openPosition(setup.app, {
    indexId,
    usdtSize,
    leverage: '1',
    risk: { stopLoss: { percent: '-5' }, exchangeProtection: true },
  });
  const active = await waitForStatus(setup.app, opened.id, ['ACTIVE']);
  return { opened, active };
}

describe('exchange-side protection', () => {
  it('is placed on every leg, visible on Bybit’s rows, moved by a rebalance and gone after the close', async () => {
    const { opened, active } = await openProtected('top5-equal', '1000');
    const placed = await protectionWhen(opened.id, (legs) => legs.every((l) => l.state === 'placed'), 5);
    for (const leg of placed) {
      const row = await bybitRow(leg.symbol);
      expect(new Dec(row.stopLoss!).eq(leg.stopLoss!), leg.symbol).toBe(true);
      // Wide: a long leg's stop sits well under its entry (the basket stop reached by that leg alone).
      const entry = active.components.find((c) => c.symbol === leg.symbol)!.averageEntryPrice!;
      expect(new Dec(leg.stopLoss!).lt(new Dec(entry).mul('0.9')), leg.symbol).toBe(true);
    }

    // Two coins move apart, the position is rebalanced: the stops follow the new quantities.
    const [down, up] = active.components;
    setup.sim.control.setPrice(
      down!.symbol,
      (await onTick(setup.sim, down!.symbol, new Dec(down!.averageEntryPrice!).mul('0.85'))).toFixed(),
    );
    setup.sim.control.setPrice(
      up!.symbol,
      (await onTick(setup.sim, up!.symbol, new Dec(up!.averageEntryPrice!).mul('1.2'))).toFixed(),
    );
    setup.sim.control.publishTickers();
    const before = new Map(placed.map((l) => [l.symbol, l.stopLoss]));
    const { sent } = await setup.app.invoke('positions.rebalance', { id: opened.id });
    expect(sent).toBe(true);
    await waitFor(async () => {
      const detail = await setup.app.invoke('positions.get', { id: opened.id });
      return detail.position.status === 'ACTIVE' && detail.position.pendingAction === null;
    });
    const moved = await protectionWhen(
      opened.id,
      (legs) =>
        legs.every((l) => l.state === 'placed') &&
        [down!.symbol, up!.symbol].every((s) => legs.find((l) => l.symbol === s)!.stopLoss !== before.get(s)),
      5,
    );
    for (const leg of moved)
      expect(new Dec((await bybitRow(leg.symbol)).stopLoss!).eq(leg.stopLoss!)).toBe(true);

    await setup.app.invoke('positions.close', { id: opened.id });
    await waitForStatus(setup.app, opened.id, ['CLOSED']);
    const removed = await protectionWhen(opened.id, (legs) => legs.every((l) => l.state === 'removed'), 5);
    for (const leg of removed) {
      const row = await bybitRow(leg.symbol);
      expect(new Dec(row.size).isZero(), leg.symbol).toBe(true);
      expect(row.stopLoss ?? '').toBe('');
    }
  });

  it('is refused with the reason on a coin another position holds, and placed on the coins it holds alone', async () => {
    const other = await openPosition(setup.app, { indexId: 'top5-equal', usdtSize: '1000', leverage: '1' });
    await waitForStatus(setup.app, other.id, ['ACTIVE']);
    const { opened, active } = await openProtected('top10-equal', '2000');
    const shared = new Set(
      (await setup.app.invoke('positions.get', { id: other.id })).components.map((c) => c.symbol),
    );
    const legs = await protectionWhen(
      opened.id,
      (all) => all.every((l) => l.state !== 'removed'),
      active.components.length,
    );
    for (const leg of legs) {
      const row = await bybitRow(leg.symbol);
      if (shared.has(leg.symbol)) {
        expect(leg.state).toBe('refused');
        expect(leg.reason).toBe(
          `${leg.symbol} is also held by position #${other.id}: Bybit keeps one position per coin, so a stop there would close their part too.`,
        );
        expect(row.stopLoss ?? '').toBe('');
      } else {
        expect(leg.state).toBe('placed');
        expect(new Dec(row.stopLoss!).eq(leg.stopLoss!)).toBe(true);
      }
    }
    expect(legs.filter((l) => l.state === 'placed').length).toBe(active.components.length - shared.size);
  });
});
