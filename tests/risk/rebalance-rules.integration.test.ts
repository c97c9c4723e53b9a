import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import type { PositionDetail } from '../../shared/domain/positions';
import type { RiskRules } from '../../shared/domain/risk';
import { nextSlot } from '../../shared/risk/schedule';
import { openPosition, waitForStatus } from '../positions/position-helpers';
import { useSimCore } from '../support/sim-session';
import { waitFor } from '../support/wait-for';
import { markAndFold, onTick, waitForTrigger, wireSendsOf } from './risk-helpers';

/**
 * Rebalance rules on the simulator: the calendar on a clock the test moves (a day passes in one step), the
 * threshold after a price shock, and the minimum turnover below which nothing trades. The rebalance is the
 * ordinary one; afterwards its own preview finds every leg within one quantity step of the index.
 */
let clock = Date.now();

const setup = useSimCore({
  // No random price walk: every price moves only when a test moves it, so what a rebalance has to trade does
  // not depend on how long a step took (the walk once left one leg a resize below Bybit's minimum order,
  // which refuses the whole rebalance). With no ticks unasked, marks stay live as long as the test runs.
  simulator: { tickIntervalMs: 0 },
  core: {
    pnl: { staleAfterMs: 24 * 3600_000 },
    risk: { now: () => clock, checkIntervalMs: 25 },
  },
  timeoutMs: 180_000,
});

async function activeWith(risk?: RiskRules): Promise<PositionDetail> {
  const opened = await openPosition(setup.app, {
    indexId: 'top5-equal',
    usdtSize: '2000',
    leverage: '1',
    risk,
  });
  return waitForStatus(setup.app, opened.id, ['ACTIVE']);
}

/** Two coins pulled apart from their entries (×0.7 and ×1.4: a tracking error near 7 %), folded before going on. */
async function pullApart(detail: PositionDetail): Promise<void> {
  const [down, up] = detail.components;
  const prices = new Map([
    [down!.symbol, await onTick(setup.sim, down!.symbol, new Dec(down!.averageEntryPrice!).mul('0.7'))],
    [up!.symbol, await onTick(setup.sim, up!.symbol, new Dec(up!.averageEntryPrice!).mul('1.4'))],
  ]);
  await markAndFold(setup.app, setup.sim, detail.position.id, prices);
}

/** After the rebalance: settled, and the rebalance's own plan keeps every leg (within one step). */
async function expectOnIndex(id: number): Promise<void> {
  await waitFor(async () => {
    const detail = await setup.app.invoke('positions.get', { id });
    return detail.position.status === 'ACTIVE' && detail.position.pendingAction === null;
  });
  const { plan, sent } = await setup.app.invoke('positions.rebalance', { id, preview: true });
  expect(sent).toBe(false);
  expect(plan.legs.map((leg) => [leg.symbol, leg.action])).toEqual(
    plan.legs.map((leg) => [leg.symbol, 'keep']),
  );
}

describe('rebalance rules', () => {
  it('the calendar rebalances at its slot, once, to the index composition', async () => {
    const active = await activeWith({ rebalance: { every: '1d', at: '00:00' } });
    const id = active.position.id;
    await pullApart(active);
    const before = (await setup.app.invoke('positions.rebalance', { id, preview: true })).plan;
    expect(before.legs.some((leg) => leg.action === 'resize')).toBe(true);

    clock = nextSlot({ every: '1d', at: '00:00' }, clock)! + 60_000;
    const trigger = await waitForTrigger(setup.app, id, ['done', 'skipped', 'failed']);
    // The outcome says why, when it was not done.
    expect(trigger, trigger.outcome ?? '').toMatchObject({
      rule: 'rebalanceCalendar',
      action: 'rebalance',
      state: 'done',
    });
    expect(trigger.outcome).toMatch(/^Rebalanced: \d+ fills/);
    await expectOnIndex(id);
    const sends = wireSendsOf(setup.sim, active.orders[0]!.orderLinkId, 'b');
    expect(sends.length).toBeGreaterThan(0);
    // The clock stays inside the same day: no second decision for the slot.
    clock += 3600_000;
    await setup.app.invoke('positions.list', {});
    expect((await setup.app.invoke('risk.get', { positionId: id })).triggers).toHaveLength(1);
    await setup.app.invoke('positions.close', { id });
    await waitForStatus(setup.app, id, ['CLOSED']);
  });

  it('nothing trades when the turnover is below the minimum: the decision says so', async () => {
    const active = await activeWith();
    const id = active.position.id;
    await pullApart(active);
    // The risk clock past the next daily slot after now (when the rules are armed): it is due at once,
    // whichever test ran before.
    clock = Math.max(clock, nextSlot({ every: '1d' }, Date.now())! + 60_000);
    await setup.app.invoke('risk.set', {
      positionId: id,
      rules: { rebalance: { every: '1d', minTurnoverUsdt: '1000000' } },
    });
    const trigger = await waitForTrigger(setup.app, id, ['done', 'skipped', 'failed']);
    expect(trigger).toMatchObject({ rule: 'rebalanceCalendar', state: 'skipped' });
    expect(trigger.outcome).toMatch(/^Nothing was traded: .*minimum/);
    expect(wireSendsOf(setup.sim, active.orders[0]!.orderLinkId, 'b')).toEqual([]);
    await setup.app.invoke('positions.close', { id });
    await waitForStatus(setup.app, id, ['CLOSED']);
  });

  it('a tracking error above the threshold after a price shock rebalances to the index', async () => {
    const active = await activeWith({ rebalance: { trackingErrorAbove: '0.05' } });
    const id = active.position.id;
    await pullApart(active);
    const trigger = await waitForTrigger(setup.app, id, ['done', 'skipped', 'failed']);
    expect(trigger, trigger.outcome ?? '').toMatchObject({ rule: 'rebalanceThreshold', state: 'done' });
    expect(new Dec(trigger.level!).gt('0.05')).toBe(true);
    await expectOnIndex(id);
    await setup.app.invoke('positions.close', { id });
    await waitForStatus(setup.app, id, ['CLOSED']);
  });
});
