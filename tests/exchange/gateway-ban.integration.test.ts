/** HTTP 403 (IP limit): the gateway stops sending and says so. Own simulator: the ban is per IP. */
import { expect, it, vi } from 'vitest';
import { RateLimits } from '../../electron/core/exchange/rate-limiter';
import { marketOrders, newGateway, useFileSimulator } from './sim-harness';
import { recordingLogger } from '../support/recording-logger';

const sim = useFileSimulator({ seed: 11, tickIntervalMs: 200 });

it('403: IP banned — stops all traffic, reports it in trader terms, sends nothing more', async () => {
  const logger = recordingLogger();
  // The client's own IP limiter is generous here so the simulator's (lowered) IP limit is what binds.
  const gateway = newGateway(sim, logger, undefined, {
    rateLimits: new RateLimits({ ipPerFiveSeconds: 10_000 }),
  });
  await gateway.start();
  const orders = await marketOrders(gateway, 30, 'ban');
  sim.control.setIpLimit(5);

  const reads = await Promise.allSettled(Array.from({ length: 8 }, () => gateway.getTickers('BTCUSDT')));
  const failures = reads
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => r.reason);
  expect(failures.length).toBeGreaterThan(0);
  expect(failures[0]).toMatchObject({ code: 'IP_BANNED', httpStatus: 403, retryable: false });
  expect(String(failures[0].message)).toMatch(/banned this IP address.*stopped sending/);
  expect(gateway.banned()?.code).toBe('IP_BANNED');

  // While banned, nothing reaches the exchange: every order is rejected without a request.
  const submit = vi.spyOn(gateway.rest, 'submitOrder');
  const batch = vi.spyOn(gateway.rest, 'batchSubmitOrders');
  const ledgerBefore = sim.control.ledger().orders.length;
  const results = await gateway.placeOrders(orders);
  expect(results.every((r) => r.status === 'rejected' && r.error.code === 'IP_BANNED')).toBe(true);
  expect(submit).not.toHaveBeenCalled();
  expect(batch).not.toHaveBeenCalled();
  expect(sim.control.ledger().orders.length).toBe(ledgerBefore);
  await expect(gateway.getWalletBalance()).rejects.toMatchObject({ code: 'IP_BANNED' });
  expect(logger.lines.some((l) => l.includes('"level":"error"') && l.includes('banned'))).toBe(true);
});
