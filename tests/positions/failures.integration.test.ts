import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import type { PositionProgress } from '../../shared/domain/positions';
import { useSimCore } from '../support/sim-session';
import {
  closePosition,
  expectBooksAgree,
  expectLedgerMatchesTrades,
  newTrader,
  openPosition,
  simNets,
  waitForStatus,
} from './position-helpers';

/** What happens to a position when Bybit refuses, half-fills, fails or loses messages. */
let top10: string[];
const setup = useSimCore();

beforeAll(async () => {
  const { snapshot } = await setup.app.invoke('universe.latest', {});
  top10 = snapshot!.assets.slice(0, 10).map((a) => a.symbol);
});

afterEach(() => {
  setup.sim.control.clearFaults();
  setup.sim.control.clearPrivateStreamFaults();
  for (const symbol of top10) {
    setup.sim.control.rejectSymbol(symbol, 0, '');
    setup.sim.control.setBookDepth({ symbol });
  }
});

const flat = (apiKey: string) => [...simNets(setup.sim, apiKey).values()].every((net) => net.isZero());

describe('a leg that fails', () => {
  it('rolls back under rollback: FAILED with the reason and the realised cost, every filled leg closed', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'Rollback');
    const victim = top10[3]!;
    setup.sim.control.rejectSymbol(victim, 110007, 'ab not enough for new order');
    const opened = await openPosition(setup.app, { profileId: trader.profileId });
    const failed = await waitForStatus(setup.app, opened.id, ['FAILED', 'ACTIVE']);
    expect(failed.position.status).toBe('FAILED');
    expect(failed.position.failureReason).toContain(victim);
    expect(failed.position.failureReason).toMatch(/Realised cost: -?\d+\.\d{2} USDT/);
    expect(failed.position.closedAt).not.toBeNull();
    for (const leg of failed.components) expect(leg.heldQuantity).toBe('0');
    expect(flat(trader.key.apiKey)).toBe(true);
    expect(new Dec(failed.position.realizedPnl).lt(0)).toBe(true);
    expect(failed.trades.some((t) => t.kind === 'close')).toBe(true);
    // A permanent refusal is not retried.
    expect(failed.orders.filter((o) => o.symbol === victim).map((o) => o.attempt)).toEqual([1]);
    // The live view marked the refused leg as failed, and the others as sent while they were placed.
    const progress = setup.app.events('positions.progress') as PositionProgress[];
    const rollback = progress.find((p) => p.positionId === opened.id && p.stage === 'rollback')!;
    expect(rollback.legs!.find((l) => l.symbol === victim)!.state).toBe('failed');
    const placing = progress.find((p) => p.positionId === opened.id && p.stage === 'placing')!;
    expect(placing.legs!.every((l) => l.state === 'sent')).toBe(true);
    await expectLedgerMatchesTrades(setup.app, setup.sim, trader.key.apiKey);
  });

  it('stays ACTIVE and altered under keep, naming the missing leg', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'Keep');
    const victim = top10[5]!;
    setup.sim.control.rejectSymbol(victim, 110094, 'Order does not meet minimum order value 5USDT');
    const opened = await openPosition(setup.app, { profileId: trader.profileId, onPartialFailure: 'keep' });
    const kept = await waitForStatus(setup.app, opened.id, ['ACTIVE', 'FAILED']);
    expect(kept.position.status).toBe('ACTIVE');
    expect(kept.position.isAltered).toBe(true);
    expect(kept.position.failureReason).toContain(victim);
    expect(kept.components.find((c) => c.symbol === victim)!.heldQuantity).toBe('0');
    expect(kept.components.filter((c) => c.heldQuantity !== '0')).toHaveLength(9);
    setup.sim.control.rejectSymbol(victim, 0, '');
    await closePosition(setup.app, opened.id);
    expect(flat(trader.key.apiKey)).toBe(true);
  });

  it('retries what an IOC order could not fill in a thin book, as new attempts', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'Thin book');
    const thin = top10[1]!;
    const preview = await setup.app.invoke('indices.preview', {
      profileId: trader.profileId,
      indexId: 'top10-equal',
      usdtSize: '1000',
      direction: 'long',
    });
    const leg = preview.legs.find((l) => l.symbol === thin)!;
    // Two levels holding about 40 % of the leg: the first IOC fills part, later ones the rest.
    const levelSize = new Dec(leg.quantity).mul('0.2').div(leg.qtyStep).ceil().mul(leg.qtyStep).toFixed();
    setup.sim.control.setBookDepth({ symbol: thin, levelSize, levels: 2 });
    const opened = await openPosition(setup.app, { profileId: trader.profileId });
    const active = await waitForStatus(setup.app, opened.id, ['ACTIVE', 'FAILED']);
    expect(active.position.status).toBe('ACTIVE');
    const attempts = active.orders.filter((o) => o.symbol === thin);
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts[0]!.state).toBe('cancelled');
    expect(new Dec(attempts[0]!.filledQuantity).gt(0)).toBe(true);
    expect(active.components.find((c) => c.symbol === thin)!.heldQuantity).toBe(
      new Dec(leg.quantity).toFixed(),
    );
    setup.sim.control.setBookDepth({ symbol: thin });
    await closePosition(setup.app, opened.id);
    expect(flat(trader.key.apiKey)).toBe(true);
  });

  it('fails and rolls back when a leg cannot fill inside the slippage cap', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'Slippage');
    const symbol = top10[2]!;
    // One level of one step: nothing beyond it inside the cap, so the leg can never complete.
    const { legs } = await setup.app.invoke('indices.preview', {
      profileId: trader.profileId,
      indexId: 'top10-equal',
      usdtSize: '1000',
      direction: 'long',
    });
    const step = legs.find((l) => l.symbol === symbol)!.qtyStep;
    setup.sim.control.setBookDepth({ symbol, levelSize: step, levels: 1 });
    const opened = await openPosition(setup.app, { profileId: trader.profileId, maxSlippagePercent: '0.1' });
    const failed = await waitForStatus(setup.app, opened.id, ['FAILED', 'ACTIVE']);
    expect(failed.position.status).toBe('FAILED');
    expect(failed.position.failureReason).toContain(symbol);
    expect(failed.orders.filter((o) => o.symbol === symbol && o.kind === 'open')).toHaveLength(3);
    setup.sim.control.setBookDepth({ symbol });
    expect(flat(trader.key.apiKey)).toBe(true);
  });
});

describe('an unclear or lost answer', () => {
  it('reaches ACTIVE with no order sent twice when the batch is answered 5xx after booking', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'Lost answer');
    setup.sim.control.failNext({ path: '/v5/order/create-batch', kind: 'http5xxAfterAccept' });
    const opened = await openPosition(setup.app, { profileId: trader.profileId });
    const active = await waitForStatus(setup.app, opened.id, ['ACTIVE', 'FAILED'], 90_000);
    expect(active.position.status).toBe('ACTIVE');
    await expectBooksAgree(setup.app, setup.sim, trader.key.apiKey);
    await closePosition(setup.app, opened.id);
  });

  it('stores every fill once when private messages are dropped, duplicated and reordered', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'Lossy stream');
    setup.sim.control.setPrivateStreamFaults({
      drop: 0.3,
      duplicate: 0.2,
      reorder: 0.2,
      apiKey: trader.key.apiKey,
      seed: 7,
    });
    const opened = await openPosition(setup.app, { profileId: trader.profileId });
    await waitForStatus(setup.app, opened.id, ['ACTIVE']);
    await closePosition(setup.app, opened.id);
    expect(flat(trader.key.apiKey)).toBe(true);
    await expectBooksAgree(setup.app, setup.sim, trader.key.apiKey);
  });

  it('retries a leg Bybit rejects after acknowledging it', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'Late reject');
    const symbol = top10[4]!;
    setup.sim.control.rejectAfterAck({ symbol, status: 'Rejected', count: 1 });
    const opened = await openPosition(setup.app, { profileId: trader.profileId });
    const active = await waitForStatus(setup.app, opened.id, ['ACTIVE', 'FAILED']);
    expect(active.position.status).toBe('ACTIVE');
    const orders = active.orders.filter((o) => o.symbol === symbol);
    expect(orders.map((o) => o.state)).toEqual(['rejected', 'filled']);
    await closePosition(setup.app, opened.id);
  });
});
