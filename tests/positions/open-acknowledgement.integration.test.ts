import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import { rejection } from '../support/rejection';
import { useSimCore } from '../support/sim-session';
import { openPosition, waitForStatus } from './position-helpers';

/**
 * Issue 21 items 9 and 10 over the contract: a basket that leaves out top coins (or tracks its index
 * badly) is opened only with an acknowledgement naming the legs left out, and the slippage cap of Settings
 * is what an open that names none is capped at.
 */
// No price walk: the preview and the open a moment later leave out the same legs.
const setup = useSimCore({ simulator: { tickIntervalMs: 0 } });

const top50At100 = { indexId: 'top50-equal', usdtSize: '100', direction: 'long' } as const;

describe('opening a basket that leaves out top coins', () => {
  it('refuses a Top 50 at 100 USDT without BTC, ETH, XRP, BNB and SOL unless the legs left out are acknowledged', async () => {
    const preview = await setup.app.invoke('indices.preview', top50At100);
    expect(preview.problems).toEqual([]);
    const top5 = ['BTCUSDT', 'ETHUSDT', 'XRPUSDT', 'BNBUSDT', 'SOLUSDT'];
    for (const symbol of top5) expect(preview.dropped.map((d) => d.symbol)).toContain(symbol);
    expect(new Dec(preview.trackingError).gt('0.05')).toBe(true);
    const acknowledgement = preview.acknowledgement!;
    expect(acknowledgement.symbols).toEqual(preview.dropped.map((d) => d.symbol));
    expect(acknowledgement.message).toMatch(
      /^Left out: BTCUSDT, ETHUSDT, XRPUSDT, BNBUSDT, SOLUSDT, .* and \d+ more\. BTCUSDT, ETHUSDT, XRPUSDT, BNBUSDT and SOLUSDT are among the index's 5 largest coins; the tracking error is [\d.]+ %, above your 5 % threshold\.$/,
    );

    const before = (await setup.app.invoke('positions.list', {})).positions.length;
    const refused = await rejection(openPosition(setup.app, top50At100));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('needs your acknowledgement');
    expect(refused.message).toContain('BTCUSDT');
    // Naming only some of them is not enough: the message says which were not.
    const partly = await rejection(
      openPosition(setup.app, { ...top50At100, acknowledgedDropped: ['BTCUSDT', 'ETHUSDT'] }),
    );
    expect(partly.message).toContain('These were not acknowledged: XRPUSDT, BNBUSDT, SOLUSDT');
    expect((await setup.app.invoke('positions.list', {})).positions).toHaveLength(before);

    const opened = await openPosition(setup.app, {
      ...top50At100,
      acknowledgedDropped: acknowledgement.symbols,
    });
    const active = await waitForStatus(setup.app, opened.id, ['ACTIVE', 'FAILED']);
    expect(active.position.status).toBe('ACTIVE');
    expect(active.components.map((c) => c.symbol)).toEqual(preview.legs.map((l) => l.symbol));
    await setup.app.invoke('positions.close', { id: opened.id });
    await waitForStatus(setup.app, opened.id, ['CLOSED']);
  });

  it('keeps strict sizing: it refuses any leg left out, acknowledged or not', async () => {
    const refused = await rejection(
      setup.app.invoke('positions.open', {
        requestId: randomUUID(),
        ...top50At100,
        strict: true,
        acknowledgedDropped: ['BTCUSDT'],
      }),
    );
    expect(refused.message).toMatch(/Strict sizing: \d+ legs would be dropped/);
  });

  it('asks nothing when nothing is left out and the basket tracks its index', async () => {
    const preview = await setup.app.invoke('indices.preview', {
      indexId: 'top10-equal',
      usdtSize: '1000',
      direction: 'long',
    });
    expect(preview.acknowledgement).toBeNull();
  });

  it('follows the threshold set in Settings', async () => {
    await setup.app.invoke('settings.set', { trackingErrorAcknowledgePercent: '90' });
    try {
      // 31 legs left out, 62 % off: under a 90 % threshold only the top coins left out still ask.
      const preview = await setup.app.invoke('indices.preview', top50At100);
      expect(preview.acknowledgement!.message).not.toContain('threshold');
      expect(preview.acknowledgement!.message).toContain('among the index');
    } finally {
      await setup.app.invoke('settings.set', { trackingErrorAcknowledgePercent: '5' });
    }
  });
});

describe('the slippage cap of Settings', () => {
  it('caps every order of an open that names no cap (there was no slippage setting)', async () => {
    await setup.app.invoke('settings.set', { maxSlippagePercent: '1.2' });
    try {
      const preview = await setup.app.invoke('indices.preview', {
        indexId: 'top5-equal',
        usdtSize: '1000',
        direction: 'long',
      });
      expect(preview.maxSlippagePercent).toBe('1.2');
      const opened = await openPosition(setup.app, { indexId: 'top5-equal' });
      expect(opened.maxSlippagePercent).toBe('1.2');
      const active = await waitForStatus(setup.app, opened.id, ['ACTIVE', 'FAILED']);
      // Each open order is an IOC limit 1.2 % through the price the leg was sized at.
      for (const order of active.orders) {
        const leg = active.components.find((c) => c.id === order.componentId)!;
        expect(order.limitPrice).not.toBeNull();
        const through = new Dec(order.limitPrice!).div(leg.referencePrice!).minus(1);
        expect(through.lte('0.012')).toBe(true);
        expect(through.gt('0.005')).toBe(true);
      }
      // A cap named in the request wins over the setting.
      const own = await openPosition(setup.app, { indexId: 'top5-equal', maxSlippagePercent: '0.3' });
      expect(own.maxSlippagePercent).toBe('0.3');
      await waitForStatus(setup.app, own.id, ['ACTIVE', 'FAILED']);
      for (const id of [opened.id, own.id]) {
        await setup.app.invoke('positions.close', { id });
        await waitForStatus(setup.app, id, ['CLOSED']);
      }
    } finally {
      await setup.app.invoke('settings.set', { maxSlippagePercent: '0.5' });
    }
  });
});
