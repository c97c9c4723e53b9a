import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeReachability } from '../../shared/domain/system';
import { exchangeEndpoints, type ExchangeEndpoints } from '../../electron/core/exchange';
import { ExchangeReachabilityMonitor } from '../../electron/core/system/exchange-reachability';
import { silentLogger } from '../../electron/core/util/logger';
import { startSimulator, type Simulator } from '../sim';
import { waitFor } from '../support/wait-for';

/** A loopback port with nothing listening on it: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ tickIntervalMs: 0 });
});
afterAll(() => sim.close());

const custom = (rest: string): ExchangeEndpoints =>
  exchangeEndpoints({ exchangeEnvironment: 'custom', customRestUrl: rest, customWsUrl: 'ws://127.0.0.1:1' });

describe('exchange reachability', () => {
  it('reads the server time through the SDK and reports the changes of state', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    let endpoints = custom(down);
    const monitor = new ExchangeReachabilityMonitor({
      endpoints: () => endpoints,
      logger: silentLogger,
      intervalMs: { unreachable: 20, reachable: 60_000 },
    });
    const seen: ExchangeReachability['state'][] = [];
    monitor.onChange((value) => seen.push(value.state));
    try {
      expect(monitor.current().state).toBe('checking');
      await monitor.check();
      expect(monitor.current()).toMatchObject({ state: 'unreachable' });
      expect(monitor.current().message).toBeTruthy();

      // Checks go on while it fails; the same failure again is not a change.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toEqual(['unreachable']);

      // The trader points Synthex at a live exchange: unknown, then reachable.
      endpoints = custom(sim.rest);
      monitor.recheck();
      await waitFor(() => monitor.current().state === 'reachable');
      expect(seen).toEqual(['unreachable', 'checking', 'reachable']);
      expect(monitor.current()).toMatchObject({ state: 'reachable', message: null });
    } finally {
      monitor.stop();
    }
  });

  it('the simulator is named as one (the status bar’s "Simulator", not "custom"); a loopback Bybit look-alike that does not say so is not', async () => {
    const ask = async (endpoints: ExchangeEndpoints) => {
      const monitor = new ExchangeReachabilityMonitor({ endpoints: () => endpoints, logger: silentLogger });
      await monitor.check();
      monitor.stop();
      return monitor.current();
    };
    expect(await ask(custom(sim.rest))).toMatchObject({ state: 'reachable', simulator: true });
    // Answers Bybit's server time like Bybit (a tunnel to it, say), and nothing at the identity path.
    const lookAlike = createHttpServer((request, response) => {
      if (!request.url?.startsWith('/v5/market/time')) return void response.writeHead(404).end();
      const now = Date.now();
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          retCode: 0,
          retMsg: 'OK',
          result: { timeSecond: String(Math.floor(now / 1000)), timeNano: `${now}000000` },
          retExtInfo: {},
          time: now,
        }),
      );
    });
    await new Promise<void>((resolve) => lookAlike.listen(0, '127.0.0.1', resolve));
    try {
      const port = (lookAlike.address() as { port: number }).port;
      expect(await ask(custom(`http://127.0.0.1:${port}`))).toMatchObject({
        state: 'reachable',
        simulator: false,
      });
    } finally {
      await new Promise<void>((resolve) => lookAlike.close(() => resolve()));
    }
  });

  it('a custom environment without a URL is unreachable, with the reason', async () => {
    const monitor = new ExchangeReachabilityMonitor({ endpoints: () => custom(''), logger: silentLogger });
    await monitor.check();
    monitor.stop();
    expect(monitor.current()).toMatchObject({ state: 'unreachable', message: 'no REST base URL is set' });
  });
});
