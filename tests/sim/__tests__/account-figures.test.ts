import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { SimKey } from '../index';
import { marketOrder, rest, useStillSimulator } from './helpers';

/**
 * The account figures a trader's cockpit reads (wallet-balance totals, position IM/MM and liqPrice,
 * account/info's margin mode) are consistent with the simulator's own matching, and its cross-margin
 * liquidation price satisfies Bybit's documented definition: the mark at which the account's margin
 * balance falls to its maintenance margin (accountMMRate 100 %), every other position held at its mark.
 * Computed here from the wire alone, with Bybit's published rates (MMR 0.5 % on the first tier, taker
 * fee 0.055 % as the fee to close), not with the simulator's own margin code.
 */
const MMR = new Decimal('0.005');
const CLOSE_FEE = new Decimal('0.00055');

const { sim } = useStillSimulator(24);

async function readAccount(key: SimKey) {
  const c = rest(sim, key);
  const [wallet, positions, info] = await Promise.all([
    c.getWalletBalance({ accountType: 'UNIFIED' }),
    c.getPositionInfo({ category: 'linear', settleCoin: 'USDT' }),
    c.getAccountInfo(),
  ]);
  return { wallet: wallet.result.list[0]!, rows: positions.result.list, info: info.result };
}

/** SDK types mark some row fields optional; the simulator always sends them. */
const dec = (value: string | undefined) => new Decimal(value ?? 'NaN');
const sum = (values: Decimal[]) => values.reduce((a, b) => a.plus(b), new Decimal(0));

describe('account figures on the wire', () => {
  it('cross: totals are the positions’ sums; liqPrice is where margin balance meets maintenance margin', async () => {
    sim.control.setPrice('BTCUSDT', '60000');
    sim.control.setPrice('ETHUSDT', '3000');
    const key = sim.control.createKey({ balanceUsdt: '2000' });
    const c = rest(sim, key);
    await c.setLeverage({ category: 'linear', symbol: 'BTCUSDT', buyLeverage: '5', sellLeverage: '5' });
    await c.setLeverage({ category: 'linear', symbol: 'ETHUSDT', buyLeverage: '5', sellLeverage: '5' });
    expect((await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.1'))).retCode).toBe(0);
    expect((await c.submitOrder(marketOrder('ETHUSDT', 'Sell', '1'))).retCode).toBe(0);
    sim.control.setMarkPrice('BTCUSDT', '61000');
    sim.control.setMarkPrice('ETHUSDT', '2950');

    const { wallet, rows, info } = await readAccount(key);
    expect(wallet.accountType).toBe('UNIFIED');
    expect(info.marginMode).toBe('REGULAR_MARGIN');
    const open = rows.filter((r) => new Decimal(r.size).gt(0));
    expect(open.map((r) => r.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);

    // Unrealised from size, entry and mark; the wallet's totals are the positions' sums.
    for (const r of open) {
      const diff = new Decimal(r.markPrice).minus(r.avgPrice).mul(r.size);
      expect(new Decimal(r.unrealisedPnl).toFixed(8)).toBe((r.side === 'Buy' ? diff : diff.neg()).toFixed(8));
      const value = new Decimal(r.size).mul(r.markPrice);
      expect(dec(r.positionMM).toFixed(8)).toBe(value.mul(MMR.plus(CLOSE_FEE)).toFixed(8));
      expect(dec(r.positionIM).toFixed(8)).toBe(
        value.div(dec(r.leverage)).plus(value.mul(CLOSE_FEE)).toFixed(8),
      );
    }
    const upl = sum(open.map((r) => new Decimal(r.unrealisedPnl)));
    const im = sum(open.map((r) => dec(r.positionIM)));
    const mm = sum(open.map((r) => dec(r.positionMM)));
    const equity = new Decimal(wallet.totalWalletBalance).plus(upl);
    expect(new Decimal(wallet.totalEquity).toFixed(8)).toBe(equity.toFixed(8));
    expect(new Decimal(wallet.totalPerpUPL).toFixed(8)).toBe(upl.toFixed(8));
    expect(new Decimal(wallet.totalInitialMargin).toFixed(8)).toBe(im.toFixed(8));
    expect(new Decimal(wallet.totalMaintenanceMargin).toFixed(8)).toBe(mm.toFixed(8));
    expect(new Decimal(wallet.totalAvailableBalance).toFixed(8)).toBe(equity.minus(im).toFixed(8));
    expect(wallet.accountMMRate).toBe(mm.div(equity).toFixed(4));
    expect(wallet.accountIMRate).toBe(im.div(equity).toFixed(4));

    // Cross liqPrice of each row: solve walletBalance + Σ others' upl + own upl(P) = Σ others' MM + MM(P).
    for (const r of open) {
      const others = open.filter((o) => o !== r);
      const cushion = new Decimal(wallet.totalWalletBalance)
        .plus(sum(others.map((o) => new Decimal(o.unrealisedPnl))))
        .minus(sum(others.map((o) => dec(o.positionMM))));
      const size = new Decimal(r.size);
      const entry = new Decimal(r.avgPrice);
      const k = MMR.plus(CLOSE_FEE);
      // cushion + sign·size·(P − entry) = size·P·k (sign +1 long, −1 short), so
      // P = (size·entry − sign·cushion) / (size·(1 − sign·k)).
      const sign = r.side === 'Buy' ? 1 : -1;
      const expected = size
        .mul(entry)
        .minus(cushion.mul(sign))
        .div(size.mul(new Decimal(1).minus(k.mul(sign))));
      expect(r.liqPrice).toBe(expected.toDecimalPlaces(8).toFixed());
      // The balance at that mark: margin balance equals maintenance margin, to printing precision.
      const balanceThere = cushion.plus(size.mul(expected.minus(entry)).mul(sign));
      expect(balanceThere.minus(size.mul(expected).mul(k)).abs().lt('0.000001')).toBe(true);
    }
  });

  it('isolated: account/info says so and liqPrice is entry ∓ (IM − MM) / size on the tick, both sides', async () => {
    sim.control.setPrice('BTCUSDT', '60000');
    const key = sim.control.createKey({ balanceUsdt: '5000', marginMode: 'ISOLATED_MARGIN' });
    const c = rest(sim, key);
    await c.setLeverage({ category: 'linear', symbol: 'BTCUSDT', buyLeverage: '10', sellLeverage: '10' });
    await c.setLeverage({ category: 'linear', symbol: 'ETHUSDT', buyLeverage: '4', sellLeverage: '4' });
    expect((await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.05'))).retCode).toBe(0);
    expect((await c.submitOrder(marketOrder('ETHUSDT', 'Sell', '0.5'))).retCode).toBe(0);
    const { rows, info, wallet } = await readAccount(key);
    expect(info.marginMode).toBe('ISOLATED_MARGIN');
    expect(wallet.accountType).toBe('UNIFIED');
    const ticks: Record<string, Decimal> = {};
    for (const i of (await c.getInstrumentsInfo({ category: 'linear' })).result.list)
      ticks[i.symbol] = new Decimal(i.priceFilter.tickSize);
    for (const r of rows.filter((row) => new Decimal(row.size).gt(0))) {
      const size = new Decimal(r.size);
      const entry = new Decimal(r.avgPrice);
      const value = size.mul(entry);
      const gap = value.div(dec(r.leverage)).minus(value.mul(MMR)).div(size);
      const tick = ticks[r.symbol]!;
      // Rounded so the position is never liquidated before the exact price: down for a long, up for a short.
      const expected =
        r.side === 'Buy'
          ? entry.minus(gap).div(tick).floor().mul(tick)
          : entry.plus(gap).div(tick).ceil().mul(tick);
      expect(r.liqPrice).toBe(expected.toFixed());
    }
  });
});
