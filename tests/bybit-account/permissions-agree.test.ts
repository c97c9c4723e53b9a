import { describe, expect, it } from 'vitest';
import { parseApiKeyPermissions } from '../../electron/core/bybit-account/api-key-permissions';
import { toApiKeyInfo } from '../../electron/core/exchange/mappers';

/** The gateway and the vault once read Bybit's permission groups differently; now there is one reading. */
describe('one reading of API key permissions', () => {
  const cases = [
    { readOnly: 0, permissions: { ContractTrade: ['Order'] } }, // orders without positions: not enough
    { readOnly: 0, permissions: { ContractTrade: ['Order', 'Position'] } },
    { readOnly: 0, permissions: { Derivatives: ['DerivativesTrade'] } },
    { readOnly: 0, permissions: { Derivatives: ['DerivativesView'] } }, // a view right is not a trade right
    { readOnly: 1, permissions: { ContractTrade: ['Order', 'Position'] } },
    { readOnly: 0, permissions: { Wallet: ['AccountTransfer', 'Withdraw'] } },
    { readOnly: 0, permissions: { Wallet: ['WithdrawalAddressList'] } },
  ];
  for (const raw of cases) {
    it(`agrees on ${JSON.stringify(raw)}`, () => {
      const parsed = parseApiKeyPermissions(raw);
      const info = toApiKeyInfo(raw);
      expect({ canTrade: info.canTrade, canWithdraw: info.canWithdraw, readOnly: info.readOnly }).toEqual({
        canTrade: parsed.canTrade,
        canWithdraw: parsed.withdrawal,
        readOnly: parsed.readOnly,
      });
    });
  }

  it('refuses trading for orders without the position right (the old mapper allowed it)', () => {
    expect(toApiKeyInfo({ readOnly: 0, permissions: { ContractTrade: ['Order'] } }).canTrade).toBe(false);
  });
});
