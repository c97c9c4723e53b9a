import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { globalAgent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StateEncoder } from '../bybit/state-codec';
import { type SimKey, type Simulator, startSimulator } from '../index';
import { limitOrder, marketOrder, rest, uidOf, waitFor } from './helpers';

const dirs: string[] = [];
const running: Simulator[] = [];
afterAll(async () => {
  for (const sim of running) await sim.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sim-state-'));
  dirs.push(dir);
  return join(dir, 'state.json');
}

async function start(file: string): Promise<Simulator> {
  const sim = await startSimulator({ stateFile: file, tickIntervalMs: 0 });
  running.push(sim);
  return sim;
}

/**
 * The account view once Bybit's lagging lookups list every order and execution the ledger holds for the key
 * (the simulator lags them 0-2 s by default, as Bybit does).
 */
async function caughtUpView(sim: Simulator, key: SimKey) {
  const uid = await uidOf(sim, key);
  return waitFor(async () => {
    const view = await accountView(sim, key);
    const ledger = sim.control.ledger();
    const mine = <T extends { uid: string }>(rows: T[]) => rows.filter((r) => r.uid === uid).length;
    const booked = mine(ledger.executions) + mine(ledger.funding);
    if (view.history.length !== mine(ledger.orders) || view.executions.length !== booked)
      throw new Error('the lookups have not caught up with the ledger yet');
    return view;
  });
}

/** Everything a trader's client can read about an account, as Bybit answers it. */
async function accountView(sim: Simulator, key: SimKey) {
  const client = rest(sim, key);
  const [wallet, positions, open, history, executions] = await Promise.all([
    client.getWalletBalance({ accountType: 'UNIFIED' }),
    client.getPositionInfo({ category: 'linear', settleCoin: 'USDT' }),
    client.getActiveOrders({ category: 'linear', settleCoin: 'USDT' }),
    client.getHistoricOrders({ category: 'linear', limit: 50 }),
    client.getExecutionList({ category: 'linear', limit: 100 }),
  ]);
  // A refused read (a signature past its recv_window on a starved machine) is no view of the account.
  const refused = [wallet, positions, open, history, executions].find((reply) => reply.retCode !== 0);
  if (refused) throw new Error(`Bybit refused a read: ${refused.retCode} ${refused.retMsg}`);
  return {
    wallet: wallet.result.list,
    positions: positions.result.list,
    open: open.result.list,
    history: history.result.list,
    executions: executions.result.list,
  };
}

describe('the simulator’s state file', () => {
  it('a restarted simulator is the same exchange: keys, balances, positions, orders, executions, funding, prices, clock', async () => {
    const file = stateFile();
    const first = await start(file);
    first.control.setPrice('BTCUSDT', '60000');
    first.control.setPrice('ETHUSDT', '3000');
    first.control.clock.offsetMs = 1234;
    const key = first.control.createKey({ balanceUsdt: '50000' });
    const client = rest(first, key);
    await client.setLeverage({ category: 'linear', symbol: 'ETHUSDT', buyLeverage: '3', sellLeverage: '3' });
    expect(
      (await client.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.01', { orderLinkId: 'a-1' }))).retCode,
    ).toBe(0);
    expect((await client.submitOrder(marketOrder('ETHUSDT', 'Sell', '0.5'))).retCode).toBe(0);
    const resting = await client.submitOrder(
      limitOrder('BTCUSDT', 'Buy', '0.01', '50000', { timeInForce: 'GTC', orderLinkId: 'rest-1' }),
    );
    expect(resting.retCode).toBe(0);
    first.control.settleFunding('BTCUSDT');
    const before = await caughtUpView(first, key);
    const ledger = first.control.ledger();
    const rest1 = first.rest;
    await first.close();
    expect(readdirSync(join(file, '..'))).toEqual(['state.json']); // no temp file left behind
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // The test's own keep-alive sockets to the first server are gone; the next request must not try one.
    globalAgent.destroy();
    const second = await start(file);
    expect(second.rest).toBe(rest1); // the same address when it is free
    expect({ apiKey: second.apiKey, apiSecret: second.apiSecret }).toEqual({
      apiKey: first.apiKey,
      apiSecret: first.apiSecret,
    });
    expect(second.control.clock.offsetMs).toBe(1234);
    // At once: a row listed before the restart is never hidden again by a freshly drawn lag.
    // (Retried only when a read is refused outright, never on what it lists.)
    expect(await waitFor(() => accountView(second, key))).toEqual(before);
    expect(second.control.ledger()).toEqual(ledger);
    expect(before.positions.map((p) => [p.symbol, p.side, p.size, p.leverage])).toEqual(
      expect.arrayContaining([
        ['BTCUSDT', 'Buy', '0.01', '10'],
        ['ETHUSDT', 'Sell', '0.5', '3'],
      ]),
    );
    expect(before.executions.some((e) => e.execType === 'Funding')).toBe(true);

    // It goes on from there: an orderLinkId used before is still taken, the position closes, seq grows.
    const again = rest(second, key);
    expect(
      (await again.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.01', { orderLinkId: 'a-1' }))).retCode,
    ).toBe(110072);
    const close = await again.submitOrder(marketOrder('BTCUSDT', 'Sell', '0.01', { reduceOnly: true }));
    expect(close.retCode).toBe(0);
    const after = await caughtUpView(second, key);
    expect(after.positions.some((p) => p.symbol === 'BTCUSDT' && p.size !== '0')).toBe(false);
    expect(after.positions.find((p) => p.symbol === 'ETHUSDT')?.size).toBe('0.5');
    const seqs = (view: typeof before) => view.executions.map((e) => Number((e as { seq?: number }).seq));
    expect(Math.max(...seqs(after))).toBeGreaterThan(Math.max(...seqs(before)));
  });

  it('refuses a state file it cannot read, in words, and starts fresh without one', async () => {
    const file = stateFile();
    writeFileSync(file, '{"format": "something else"');
    await expect(startSimulator({ stateFile: file })).rejects.toThrow(/cannot be read .*move it away/);
    rmSync(file);
    const fresh = await start(file);
    expect(existsSync(file)).toBe(true);
    await fresh.close();
    await expect(startSimulator({ stateFile: file, seed: 99 })).rejects.toThrow(/saved with seed 1, not 99/);
  });

  it('names an object it does not know how to save instead of saving half of it', () => {
    class LiquidationQueue {
      pending = [1];
    }
    const encoder = new StateEncoder(new Map());
    expect(() => encoder.fields({ queue: new LiquidationQueue() }, 'engine')).toThrow(
      /engine\.queue: a LiquidationQueue instance cannot be saved/,
    );
  });
});
