import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { D } from '../bybit/decimal';
import { isolatedLiquidationPrice } from '../bybit/margin';
import type { SimKey } from '../index';
import { limitOrder, marketOrder, positionRow, rest, useStillSimulator, walletBalance } from './helpers';

const { sim } = useStillSimulator(82);

const TICK = new Decimal('0.1');

async function isolatedAccount(balanceUsdt: string): Promise<SimKey> {
  const key = sim.control.createKey({ balanceUsdt });
  const c = rest(sim, key);
  const set = await c.setMarginMode('ISOLATED_MARGIN');
  expect([set.retCode, set.retMsg, set.result]).toEqual([0, 'Request accepted', { reasons: [] }]);
  expect((await c.getAccountInfo()).result.marginMode).toBe('ISOLATED_MARGIN');
  return key;
}

const btcRow = (key: SimKey) => positionRow(sim, key, 'BTCUSDT');

/** Bybit's isolated formula as its help page writes it: entry ∓ (IM − MM) / size. */
function documentedLiqPrice(side: 'Buy' | 'Sell', entry: Decimal, size: Decimal, leverage: number): Decimal {
  const value = size.mul(entry);
  const im = value.div(leverage);
  const mm = value.mul('0.005');
  const gap = im.minus(mm).div(size);
  return side === 'Buy' ? entry.minus(gap) : entry.plus(gap);
}

/**
 * A new isolated account of 10 000 USDT that opened `qty` BTCUSDT at 20000 on `side` at `leverage`; checks
 * the row's liqPrice against the documented formula on the tick grid (down for a long, up for a short).
 */
async function isolatedBtc(side: 'Buy' | 'Sell', qty: string, leverage: number) {
  sim.control.setPrice('BTCUSDT', '20000');
  const key = await isolatedAccount('10000');
  const c = rest(sim, key);
  const lev = String(leverage);
  await c.setLeverage({ category: 'linear', symbol: 'BTCUSDT', buyLeverage: lev, sellLeverage: lev });
  expect((await c.submitOrder(marketOrder('BTCUSDT', side, qty))).retCode).toBe(0);
  const row = await btcRow(key);
  const entry = new Decimal(row.avgPrice);
  const steps = documentedLiqPrice(side, entry, new Decimal(qty), leverage).div(TICK);
  const liq = (side === 'Buy' ? steps.floor() : steps.ceil()).mul(TICK);
  expect(row.liqPrice).toBe(liq.toFixed());
  return { key, c, row, entry, liq };
}

describe('isolated margin on a unified account', () => {
  it("Bybit's worked example: long 1 BTC at 20000, 50×, MMR 0.5 % → 19700; the short mirror 20300", () => {
    expect(isolatedLiquidationPrice('Buy', new D(20000), new D(50)).toFixed()).toBe('19700');
    expect(isolatedLiquidationPrice('Sell', new D(20000), new D(50)).toFixed()).toBe('20300');
    expect(documentedLiqPrice('Buy', new Decimal(20000), new Decimal(1), 50).toFixed()).toBe('19700');
  });

  it('is account-level: set-margin-mode and account/info; switch-isolated answers 100028; refusals change nothing', async () => {
    const key = sim.control.createKey({ balanceUsdt: '10000' });
    const c = rest(sim, key);
    expect((await c.getAccountInfo()).result).toMatchObject({
      marginMode: 'REGULAR_MARGIN',
      unifiedMarginStatus: 5,
    });
    const perSymbol = await c.switchIsolatedMargin({
      category: 'linear',
      symbol: 'BTCUSDT',
      tradeMode: 1,
      buyLeverage: '10',
      sellLeverage: '10',
    });
    expect([perSymbol.retCode, perSymbol.retMsg]).toEqual([100028, 'unified account is forbidden']);
    // Portfolio margin is a mode like the others (computed as cross: account-modes.test.ts).
    const pm = await c.setMarginMode('PORTFOLIO_MARGIN');
    expect([pm.retCode, pm.retMsg]).toEqual([0, 'Request accepted']);
    expect((await c.getAccountInfo()).result.marginMode).toBe('PORTFOLIO_MARGIN');
    expect((await c.setMarginMode('REGULAR_MARGIN')).retCode).toBe(0);
    expect((await c.setMarginMode('CROSS' as 'REGULAR_MARGIN')).retCode).toBe(10001);
    sim.control.setPrice('BTCUSDT', '20000');
    await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.010'));
    await c.submitOrder(limitOrder('ETHUSDT', 'Buy', '0.10', '100.00'));
    const busy = await c.setMarginMode('ISOLATED_MARGIN');
    expect(busy.retCode).toBe(3400045);
    expect((busy.result as { reasons: { reasonCode: string }[] }).reasons.map((r) => r.reasonCode)).toEqual([
      '3400002',
      '3400001',
    ]);
    expect((await c.getAccountInfo()).result.marginMode).toBe('REGULAR_MARGIN');
    expect((await btcRow(key)).tradeMode).toBe(0);
  });

  it('long at 50×: liqPrice follows the documented formula; a mark one tick above leaves it, the mark at it liquidates at entry × (1 − 1/50)', async () => {
    const { key, c, row, entry, liq } = await isolatedBtc('Buy', '0.100', 50);
    expect(row.tradeMode).toBe(0);

    sim.control.setMarkPrice('BTCUSDT', liq.plus(TICK).toFixed(1));
    expect((await btcRow(key)).size).toBe('0.1');
    const wallet = await walletBalance(sim, key);
    sim.control.setMarkPrice('BTCUSDT', liq.toFixed(1));
    expect(await btcRow(key)).toMatchObject({ size: '0', side: '' });
    const bankruptcy = entry.mul('0.98').div(TICK).ceil().mul(TICK);
    const [bust] = (await c.getExecutionList({ category: 'linear', execType: 'BustTrade' })).result.list;
    expect(bust).toMatchObject({ execPrice: bankruptcy.toFixed(), execQty: '0.1', side: 'Sell' });
    // The loss is the position's initial margin (entry value / 50, less the tick rounding) plus the fee.
    const fee = bankruptcy.mul('0.1').mul('0.00055').toDecimalPlaces(8, Decimal.ROUND_UP);
    const after = (await c.getWalletBalance({ accountType: 'UNIFIED' })).result.list[0]!.totalWalletBalance;
    expect(after).toBe(wallet.minus(entry.minus(bankruptcy).mul('0.1')).minus(fee).toFixed());
  });

  it('short at 20×: liquidated when the mark reaches entry + (IM − MM)/size, at entry × (1 + 1/20)', async () => {
    const { key, c, entry, liq } = await isolatedBtc('Sell', '0.050', 20);
    sim.control.setMarkPrice('BTCUSDT', liq.minus(TICK).toFixed(1));
    expect((await btcRow(key)).size).toBe('0.05');
    // setPrice moves the mark too: it liquidates the same way.
    sim.control.setPrice('BTCUSDT', liq.toFixed(1));
    expect((await btcRow(key)).size).toBe('0');
    const [bust] = (await c.getExecutionList({ category: 'linear', execType: 'BustTrade' })).result.list;
    expect(bust).toMatchObject({
      execPrice: entry.mul('1.05').div(TICK).floor().mul(TICK).toFixed(),
      side: 'Buy',
    });
  });
});
