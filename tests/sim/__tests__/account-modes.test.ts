import { describe, expect, it } from 'vitest';
import { control, marketOrder, rest, useStillSimulator } from './helpers';

/**
 * Bybit accounts are classic or unified (UTA 1.0 / 2.0), and a unified account's margin mode is regular
 * (cross), isolated or portfolio (docs/bybit-v5.md §9): the simulator can be each, so the app's reading
 * of them can be tested.
 */
const { sim } = useStillSimulator(77, { prices: { BTCUSDT: '50000' } });

describe('account kinds', () => {
  it('a classic account: query-api uta 0, account/info status 1, its wallet is CONTRACT, no account margin mode', async () => {
    const classic = (await control(sim, 'createKey', { accountKind: 'classic', balanceUsdt: '500' })).json
      .result as { apiKey: string; apiSecret: string };
    const c = rest(sim, classic);
    expect((await c.getQueryApiKey()).result).toMatchObject({ uta: 0, unified: 0 });
    expect((await c.getAccountInfo()).result).toMatchObject({ unifiedMarginStatus: 1 });
    const unified = await c.getWalletBalance({ accountType: 'UNIFIED' });
    expect([unified.retCode, unified.retMsg]).toEqual([
      10001,
      'params error: accountType only support CONTRACT',
    ]);
    const contract = await c.getWalletBalance({ accountType: 'CONTRACT' });
    expect(contract.result.list[0]).toMatchObject({ accountType: 'CONTRACT', totalWalletBalance: '500' });
    const set = await c.setMarginMode('ISOLATED_MARGIN');
    expect(set.retCode).toBe(3400045);
    expect(() => sim.control.createKey({ accountKind: 'classic', marginMode: 'ISOLATED_MARGIN' })).toThrow();
  });

  it('unified trading accounts 1.0 and 2.0 (the default) say so', async () => {
    const uta1 = sim.control.createKey({ accountKind: 'uta1' });
    expect((await rest(sim, uta1).getAccountInfo()).result.unifiedMarginStatus).toBe(3);
    expect((await rest(sim, uta1).getQueryApiKey()).result.uta).toBe(1);
    expect((await rest(sim).getAccountInfo()).result.unifiedMarginStatus).toBe(5);
    const wallet = await rest(sim).getWalletBalance({ accountType: 'CONTRACT' });
    expect([wallet.retCode, wallet.retMsg]).toEqual([
      10001,
      'params error: accountType only support UNIFIED',
    ]);
  });
});

describe('portfolio margin', () => {
  it('is shown by account/info and computed as cross: the cross liqPrice estimate, the account-wide check', async () => {
    const pm = sim.control.createKey({ marginMode: 'PORTFOLIO_MARGIN', balanceUsdt: '400' });
    const cross = sim.control.createKey({ balanceUsdt: '400' });
    expect((await rest(sim, pm).getAccountInfo()).result.marginMode).toBe('PORTFOLIO_MARGIN');
    for (const key of [pm, cross]) await rest(sim, key).submitOrder(marketOrder('BTCUSDT', 'Buy', '0.05'));
    const [a] = (await rest(sim, pm).getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })).result.list;
    const [b] = (await rest(sim, cross).getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })).result
      .list;
    expect(a!.liqPrice).toBe(b!.liqPrice);
    expect(a!.liqPrice).not.toBe('');
    // Back to regular margin once flat, as any switch.
    await rest(sim, pm).submitOrder(marketOrder('BTCUSDT', 'Sell', '0.05', { reduceOnly: true }));
    expect((await rest(sim, pm).setMarginMode('REGULAR_MARGIN')).retCode).toBe(0);
  });
});
