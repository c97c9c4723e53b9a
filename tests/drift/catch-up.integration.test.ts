import { RestClientV5 } from 'bybit-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alteration } from '../../shared/domain/drift';
import { makeTempDir, removeTempDirs } from '../db/db-test-helpers';
import { openPosition, waitForStatus } from '../positions/position-helpers';
import { startSimulator, type Simulator } from '../sim';
import { realPoller, startTestCore, type TestCore } from '../support/core-harness';
import { simEnv, startSimCore } from '../support/sim-core';
import { waitFor } from '../support/wait-for';
import { alteredRow, byHand, leg, waitAltered } from './drift-helpers';

/**
 * Changes the private stream never delivered: Synthex reads the account over REST after every reconnect
 * and at start, so a missed push or a change made while it was not running is still found, and the fills
 * behind it are logged.
 */
let sim: Simulator;
let app: TestCore;
let key: { apiKey: string; apiSecret: string };
const dataDir = makeTempDir('synthex-drift-catch-up-');

beforeAll(async () => {
  sim = await startSimulator();
  const setup = await startSimCore(sim, { dataDir });
  app = setup.app;
  key = setup.key;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await sim?.close();
  removeTempDirs();
});

const outsideLog = async () => (await app.invoke('positions.outsideChanges', {})).executions;

describe('catching up over REST', () => {
  it('finds and explains a change whose pushes were lost, and one made while the app was off', async () => {
    const position = await openPosition(app, { indexId: 'top5-equal' });
    const detail = await waitForStatus(app, position.id, ['ACTIVE']);
    const hand = byHand(sim, key);

    // The execution and position pushes of the hand-made fill never arrive…
    for (const topic of ['execution', 'position'] as const)
      sim.control.privateStreamFaultNext({ topic, kind: 'drop', count: 3, apiKey: key.apiKey });
    const sol = leg(detail, 'SOLUSDT').heldQuantity;
    await hand.market('SOLUSDT', 'Sell', sol, { reduceOnly: true });
    // …and the connection drops and comes back: the change is found and explained all the same.
    sim.control.disconnectWebSockets();
    await waitAltered(app, position.id, true, 20_000);
    // Bybit's execution list lags its positions: the explanation may follow the flag by a pass.
    const row = (await waitFor(
      async () => {
        const row = await alteredRow(app, position.id);
        return (row.alteration as Alteration | null)?.legs[0]?.outside.length ? row : null;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    ))!;
    expect((row.alteration as Alteration).legs.map((l) => [l.symbol, l.actual])).toEqual([['SOLUSDT', '0']]);
    expect((row.alteration as Alteration).legs[0]!.outside.map((e) => e.quantity)).toEqual([sol]);
    expect((await outsideLog()).map((e) => [e.symbol, e.quantity])).toEqual([['SOLUSDT', sol]]);

    // While Synthex is not running, the trader buys SOL back and adds BNB.
    await app.stop();
    await hand.market('SOLUSDT', 'Buy', sol);
    await hand.market('BNBUSDT', 'Buy', '0.02');
    // Synthex stays off a while: long enough for Bybit's execution list, which lags its positions, to list
    // the trader's fills before the start's full read looks for them.
    const bybit = new RestClientV5({ key: key.apiKey, secret: key.apiSecret, baseUrl: sim.rest });
    await waitFor(
      async () => {
        const { result } = await bybit.getExecutionList({ category: 'linear', symbol: 'BNBUSDT' });
        return result.list.some((e) => e.execQty === '0.02' && !e.orderLinkId) || null;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    app = await startTestCore({ dataDir, env: simEnv(sim), poller: realPoller });
    // The start's full read clears SOL and names BNB.
    const after = await waitFor(
      async () => {
        const legs = ((await alteredRow(app, position.id)).alteration as Alteration | null)?.legs ?? [];
        return legs.length === 1 && legs[0]!.symbol === 'BNBUSDT' && legs[0]!.outside.length > 0
          ? legs[0]!
          : null;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    expect(after!).toMatchObject({ symbol: 'BNBUSDT', difference: '0.02' });
    expect(after!.outside.map((e) => [e.side, e.quantity])).toEqual([['Buy', '0.02']]);
    const logged = await waitFor(
      async () => {
        const symbols = (await outsideLog()).map((e) => e.symbol).sort();
        return symbols.length >= 3 ? symbols : null;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    expect(logged).toEqual(['BNBUSDT', 'SOLUSDT', 'SOLUSDT']);
  });
});

describe('a crash between an order written final and its fills stored', () => {
  it('fetches the fills at the next start and sends nothing again', async () => {
    const position = await openPosition(app, { indexId: 'top5-equal' });
    const detail = await waitForStatus(app, position.id, ['ACTIVE']);
    const db = app.databases().user;
    const order = detail.orders.find((o) => o.kind === 'open' && o.symbol === 'ETHUSDT')!;
    const lost = await db
      .selectFrom('trades')
      .select('exec_id')
      .where('order_link_id', '=', order.orderLinkId)
      .execute();
    expect(lost.length).toBeGreaterThan(0);
    // As the crash left it: the order row says Filled, its fills never reached `trades`, the open unfinished.
    await db.deleteFrom('trades').where('order_link_id', '=', order.orderLinkId).execute();
    await db
      .updateTable('synthetic_positions')
      .set({ status: 'EXECUTING', opened_at: null })
      .where('id', '=', position.id)
      .execute();
    await app.stop();
    app = await startTestCore({ dataDir, env: simEnv(sim), poller: realPoller });

    const resumed = await waitForStatus(app, position.id, ['ACTIVE', 'FAILED']);
    expect(resumed.position.status).toBe('ACTIVE');
    const stored = await app
      .databases()
      .user.selectFrom('trades')
      .select('exec_id')
      .where('order_link_id', '=', order.orderLinkId)
      .execute();
    expect(stored.map((t) => t.exec_id).sort()).toEqual(lost.map((t) => t.exec_id).sort());
    // The leg was not bought a second time.
    expect(resumed.orders.filter((o) => o.symbol === 'ETHUSDT').map((o) => o.orderLinkId)).toEqual([
      order.orderLinkId,
    ]);
    expect(leg(resumed, 'ETHUSDT').heldQuantity).toBe(leg(detail, 'ETHUSDT').heldQuantity);
  });
});

describe('a key stored after its account traded', () => {
  it('logs a fill made just before the key was stored, which no stream was up to push', async () => {
    const fresh = sim.control.createKey({ balanceUsdt: '100000' });
    const hand = byHand(sim, fresh);
    await hand.market('BNBUSDT', 'Buy', '0.03');
    // The fill is in Bybit's (lagging) execution list before Synthex hears of the key.
    const bybit = new RestClientV5({ key: fresh.apiKey, secret: fresh.apiSecret, baseUrl: sim.rest });
    const fill = await waitFor(
      async () => {
        const { result } = await bybit.getExecutionList({ category: 'linear', symbol: 'BNBUSDT' });
        return result.list.find((e) => e.execQty === '0.03') ?? null;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    await app.invoke('credentials.set', {
      environment: 'custom',
      customRestUrl: sim.rest,
      customWsUrl: sim.ws,
      ...fresh,
    });
    const logged = await waitFor(
      async () => (await outsideLog()).find((e) => e.execId === fill!.execId) ?? null,
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    expect(logged).toMatchObject({ symbol: 'BNBUSDT', side: 'Buy', quantity: '0.03' });
  });
});
