import { describe, expect, it } from 'vitest';
import { BybitGateway } from '../../electron/core/exchange/gateway';
import { silentLogger } from '../../electron/core/util/logger';
import { simEndpoints } from '../exchange/sim-harness';
import { useSimCore } from '../support/sim-session';
import { expectBooksAgree, newTrader, openPosition, simNets, waitForStatus } from './position-helpers';

/**
 * The netting trap: in one-way mode Bybit keeps one net per symbol for the whole account, so a long
 * Top 5 and a short Top 10 share their five biggest coins. Both must close, in either order, to zero.
 */
const setup = useSimCore();

async function longTop5ShortTop10(profileId: number) {
  const [long, short] = await Promise.all([
    openPosition(setup.app, { profileId, indexId: 'top5-equal', usdtSize: '1000', direction: 'long' }),
    openPosition(setup.app, { profileId, indexId: 'top10-equal', usdtSize: '1000', direction: 'short' }),
  ]);
  const [a, b] = await Promise.all([
    waitForStatus(setup.app, long.id, ['ACTIVE', 'FAILED']),
    waitForStatus(setup.app, short.id, ['ACTIVE', 'FAILED']),
  ]);
  expect([a.position.status, b.position.status]).toEqual(['ACTIVE', 'ACTIVE']);
  return [long.id, short.id] as const;
}

async function closeInOrder(ids: readonly number[]) {
  for (const id of ids) {
    await setup.app.invoke('positions.close', { id });
    await waitForStatus(setup.app, id, ['CLOSED']);
  }
}

const zeroEverywhere = (apiKey: string) => {
  const nets = simNets(setup.sim, apiKey);
  expect(nets.size).toBe(10);
  for (const [symbol, net] of nets) expect(net.toFixed(), symbol).toBe('0');
};

describe.each(['one-way', 'hedge'] as const)('%s mode', (mode) => {
  it.each([
    ['the long first', 0],
    ['the short first', 1],
  ])('a long Top 5 and a short Top 10 open together and close to zero, %s', async (_label, first) => {
    const trader = await newTrader(setup.app, setup.sim, `${mode} ${first}`);
    if (mode === 'hedge') {
      // The trader switched the account to hedge mode in Bybit's app; Synthex must detect it, not assume.
      const gateway = new BybitGateway({
        endpoints: simEndpoints(setup.sim),
        credentials: trader.key,
        logger: silentLogger,
      });
      await gateway.setPositionMode({ coin: 'USDT' }, 'hedge');
    }
    const ids = await longTop5ShortTop10(trader.profileId);
    const detail = await setup.app.invoke('positions.get', { id: ids[1] });
    const expectedIdx = mode === 'hedge' ? 2 : 0;
    expect(detail.orders.every((o) => o.positionIdx === expectedIdx)).toBe(true);
    await closeInOrder(first === 0 ? ids : [ids[1], ids[0]]);
    zeroEverywhere(trader.key.apiKey);
    await expectBooksAgree(setup.app, setup.sim, trader.key.apiKey);
  });
});

describe('reduce-only only where it truly reduces', () => {
  it('sends the short basket’s closing buys on shared coins without reduceOnly while the long one is open', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'Reduce only');
    const [longId, shortId] = await longTop5ShortTop10(trader.profileId);
    const longDetail = await setup.app.invoke('positions.get', { id: longId });
    const shared = new Set(longDetail.components.map((c) => c.symbol));
    await closeInOrder([shortId]);
    const closes = (await setup.app.invoke('positions.get', { id: shortId })).orders.filter(
      (o) => o.kind === 'close',
    );
    // Equal weights: the long holds 1000/5 per coin, the short 1000/10, so the account is net long on the
    // five shared coins and buying them back raises that net; on the other five the buy reduces a short.
    for (const order of closes) expect(order.reduceOnly, order.symbol).toBe(!shared.has(order.symbol));
    await closeInOrder([longId]);
    const longCloses = (await setup.app.invoke('positions.get', { id: longId })).orders.filter(
      (o) => o.kind === 'close',
    );
    expect(longCloses.every((o) => o.reduceOnly)).toBe(true);
    zeroEverywhere(trader.key.apiKey);
  });
});
