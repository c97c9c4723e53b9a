import { describe, expect, it } from 'vitest';
import * as mappers from '../../electron/core/exchange/mappers';

describe('mappers', () => {
  it('keeps decimal strings untouched and reads nested instrument filters', () => {
    const instrument = mappers.toInstrument({
      symbol: '1000PEPEUSDT',
      status: 'Trading',
      lotSizeFilter: {
        qtyStep: '100',
        minOrderQty: '100',
        maxMktOrderQty: '50000000',
        minNotionalValue: '5',
      },
      priceFilter: { tickSize: '0.0000001' },
      leverageFilter: { maxLeverage: '25.00' },
      fundingInterval: 240,
    });
    expect(instrument).toMatchObject({
      qtyStep: '100',
      tickSize: '0.0000001',
      maxLeverage: '25.00',
      minNotionalValue: '5',
      fundingInterval: 240,
    });
  });

  it('stream positions carry entryPrice, REST positions avgPrice: both become avgPrice', () => {
    expect(
      mappers.toPosition({
        symbol: 'BTCUSDT',
        positionIdx: 2,
        side: 'Sell',
        size: '0.010',
        entryPrice: '65000.1',
      }),
    ).toMatchObject({
      positionIdx: 2,
      side: 'Sell',
      size: '0.010',
      avgPrice: '65000.1',
    });
    expect(
      mappers.toPosition({ symbol: 'BTCUSDT', positionIdx: 0, side: '', size: '0', avgPrice: '0' }).side,
    ).toBe('');
  });

  it("positions and fills keep Bybit's seq as a number, and leave it out when absent", () => {
    expect(mappers.toPosition({ symbol: 'BTCUSDT', seq: 8006514568 }).seq).toBe(8006514568);
    expect(mappers.toExecution({ execId: 'e', seq: '4688002127' }).seq).toBe(4688002127);
    expect('seq' in mappers.toPosition({ symbol: 'BTCUSDT' })).toBe(false);
    expect('seq' in mappers.toExecution({ execId: 'e', seq: 'x' })).toBe(false);
  });

  it('orders: booleans and position index typed', () => {
    expect(mappers.toOrder({ orderId: 'a', reduceOnly: true, positionIdx: 1, side: 'Sell' })).toMatchObject({
      reduceOnly: true,
      positionIdx: 1,
      side: 'Sell',
    });
  });

  it('API key: read-only, trade and withdrawal permissions', () => {
    const rw = mappers.toApiKeyInfo({
      apiKey: 'k',
      readOnly: 0,
      permissions: { ContractTrade: ['Order', 'Position'], Wallet: ['AccountTransfer', 'Withdraw'] },
      userID: 42,
    });
    expect(rw).toMatchObject({ readOnly: false, canTrade: true, canWithdraw: true, userId: '42' });
    const ro = mappers.toApiKeyInfo({ apiKey: 'k', readOnly: 1, permissions: { ContractTrade: ['Order'] } });
    expect(ro).toMatchObject({ readOnly: true, canTrade: false, canWithdraw: false });
  });
});
