import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import type { PositionProgress } from '../../shared/domain/positions';
import { removeTempDirs } from '../db/db-test-helpers';
import { startSimulator, type Simulator } from '../sim';
import { startSimCore, type SimCore } from '../support/sim-core';
import {
  expectLedgerMatchesTrades,
  expectNoDuplicateSends,
  newTrader,
  openPosition,
  simNets,
  waitForStatus,
} from './position-helpers';

/** What happens to a position when Bybit refuses, half-fills, fails or loses messages. */
let sim: Simulator;
let setup: SimCore;
let top10: string[];

beforeAll(async () => {
  sim = await startSimulator();
  setup = await startSimCore(sim);
  const { snapshot } = await setup.app.invoke('universe.latest', {});
  top10 = snapshot!.assets.slice(0, 10).map((a) => a.symbol);
}, 120_000);

afterEach(() => {
  sim.control.clearFaults();
  sim.control.clearPrivateStreamFaults();
  for (const symbol of top10) {
    sim.control.rejectSymbol(symbol, 0, '');
    sim.control.setBookDepth({ symbol });
  }
});

afterAll(async () => {
  await setup?.app.stop();
  await sim?.close();
  removeTempDirs();
});

const flat = (apiKey: string) => [...simNets(sim, apiKey).values()].every((net) => net.isZero());

describe('a leg that fails', () => {
  it('rolls back under rollback: FAILED with the reason and the realised cost, every filled leg closed', async () => {
    const trader = await newTrader(setup.app, sim, 'Rollback');
    const victim = top10[3]!;
    sim.control.rejectSymbol(victim, 110007, 'ab not enough for new order');
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
    await expectLedgerMatchesTrades(setup.app, sim, trader.key.apiKey);
  });

  it('stays ACTIVE and altered under keep, naming the missing leg', async () => {
    const trader = await newTrader(setup.app, sim, 'Keep');
    const victim = top10[5]!;
    sim.control.rejectSymbol(victim, 110094, 'Order does not meet minimum order value 5USDT');
    const opened = await openPosition(setup.app, { profileId: trader.profileId, onPartialFailure: 'keep' });
    const kept = await waitForStatus(setup.app, opened.id, ['ACTIVE', 'FAILED']);
    expect(kept.position.status).toBe('ACTIVE');
    expect(kept.position.isAltered).toBe(true);
    expect(kept.position.failureReason).toContain(victim);
    expect(kept.components.find((c) => c.symbol === victim)!.heldQuantity).toBe('0');
    expect(kept.components.filter((c) => c.heldQuantity !== '0')).toHaveLength(9);
    sim.control.rejectSymbol(victim, 0, '');
    await setup.app.invoke('positions.close', { id: opened.id });
    await waitForStatus(setup.app, opened.id, ['CLOSED']);
    expect(flat(trader.key.apiKey)).toBe(true);
  });

  it('retries what an IOC order could not fill in a thin book, as new attempts', async () => {
    const trader = await newTrader(setup.app, sim, 'Thin book');
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
    sim.control.setBookDepth({ symbol: thin, levelSize, levels: 2 });
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
    sim.control.setBookDepth({ symbol: thin });
    await setup.app.invoke('positions.close', { id: opened.id });
    await waitForStatus(setup.app, opened.id, ['CLOSED']);
    expect(flat(trader.key.apiKey)).toBe(true);
  });

  it('fails and rolls back when a leg cannot fill inside the slippage cap', async () => {
    const trader = await newTrader(setup.app, sim, 'Slippage');
    const symbol = top10[2]!;
    // One level of one step: nothing beyond it inside the cap, so the leg can never complete.
    const { legs } = await setup.app.invoke('indices.preview', {
      profileId: trader.profileId,
      indexId: 'top10-equal',
      usdtSize: '1000',
      direction: 'long',
    });
    const step = legs.find((l) => l.symbol === symbol)!.qtyStep;
    sim.control.setBookDepth({ symbol, levelSize: step, levels: 1 });
    const opened = await openPosition(setup.app, { profileId: trader.profileId, maxSlippagePercent: '0.1' });
    const failed = await waitForStatus(setup.app, opened.id, ['FAILED', 'ACTIVE']);
    expect(failed.position.status).toBe('FAILED');
    expect(failed.position.failureReason).toContain(symbol);
    expect(failed.orders.filter((o) => o.symbol === symbol && o.kind === 'open')).toHaveLength(3);
    sim.control.setBookDepth({ symbol });
    expect(flat(trader.key.apiKey)).toBe(true);
  });
});

describe('an unclear or lost answer', () => {
  it('reaches ACTIVE with no order sent twice when the batch is answered 5xx after booking', async () => {
    const trader = await newTrader(setup.app, sim, 'Lost answer');
    sim.control.failNext({ path: '/v5/order/create-batch', kind: 'http5xxAfterAccept' });
    const opened = await openPosition(setup.app, { profileId: trader.profileId });
    const active = await waitForStatus(setup.app, opened.id, ['ACTIVE', 'FAILED'], 90_000);
    expect(active.position.status).toBe('ACTIVE');
    expectNoDuplicateSends(sim);
    await expectLedgerMatchesTrades(setup.app, sim, trader.key.apiKey);
    await setup.app.invoke('positions.close', { id: opened.id });
    await waitForStatus(setup.app, opened.id, ['CLOSED']);
  });

  it('stores every fill once when private messages are dropped, duplicated and reordered', async () => {
    const trader = await newTrader(setup.app, sim, 'Lossy stream');
    sim.control.setPrivateStreamFaults({
      drop: 0.3,
      duplicate: 0.2,
      reorder: 0.2,
      apiKey: trader.key.apiKey,
      seed: 7,
    });
    const opened = await openPosition(setup.app, { profileId: trader.profileId });
    await waitForStatus(setup.app, opened.id, ['ACTIVE']);
    await setup.app.invoke('positions.close', { id: opened.id });
    await waitForStatus(setup.app, opened.id, ['CLOSED']);
    expect(flat(trader.key.apiKey)).toBe(true);
    await expectLedgerMatchesTrades(setup.app, sim, trader.key.apiKey);
    expectNoDuplicateSends(sim);
  });

  it('retries a leg Bybit rejects after acknowledging it', async () => {
    const trader = await newTrader(setup.app, sim, 'Late reject');
    const symbol = top10[4]!;
    sim.control.rejectAfterAck({ symbol, status: 'Rejected', count: 1 });
    const opened = await openPosition(setup.app, { profileId: trader.profileId });
    const active = await waitForStatus(setup.app, opened.id, ['ACTIVE', 'FAILED']);
    expect(active.position.status).toBe('ACTIVE');
    const orders = active.orders.filter((o) => o.symbol === symbol);
    expect(orders.map((o) => o.state)).toEqual(['rejected', 'filled']);
    await setup.app.invoke('positions.close', { id: opened.id });
    await waitForStatus(setup.app, opened.id, ['CLOSED']);
  });
});
