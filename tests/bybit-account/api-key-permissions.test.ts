import { describe, expect, it } from 'vitest';
import { parseApiKeyPermissions } from '../../electron/core/bybit-account/api-key-permissions';

/** Shaped like docs/bybit-v5.md §2 query-api `result`. */
function result(overrides: Record<string, unknown> = {}, permissions: Record<string, string[]> = {}) {
  return {
    id: '13770661',
    note: 'synthex',
    apiKey: 'XkT3pQ9vL2mN8rB4sW',
    readOnly: 0,
    secret: '',
    permissions: {
      ContractTrade: ['Order', 'Position'],
      Spot: ['SpotTrade'],
      Wallet: ['AccountTransfer', 'SubMemberTransfer'],
      Options: [],
      Derivatives: [],
      Exchange: [],
      NFT: [],
      BlockTrade: [],
      Affiliate: [],
      CopyTrading: [],
      ...permissions,
    },
    ips: ['*'],
    type: 1,
    deadlineDay: 83,
    expiredAt: '2026-02-15T08:00:00Z',
    createdAt: '2025-11-17T08:00:00Z',
    uta: 1,
    userID: 24617703,
    isMaster: true,
    ...overrides,
  };
}

describe('parseApiKeyPermissions', () => {
  it.each([
    ['a read-write contract key', result(), { canTrade: true, readOnly: false, withdrawal: false }],
    ['a read-only key', result({ readOnly: 1 }), { canTrade: false, readOnly: true }],
    [
      'a read-only key, as the gateway maps it',
      result({ readOnly: true }),
      { canTrade: false, readOnly: true },
    ],
    ['Order without Position', result({}, { ContractTrade: ['Order'] }), { canTrade: false }],
    ['Position without Order', result({}, { ContractTrade: ['Position'] }), { canTrade: false }],
    ['no contract rights', result({}, { ContractTrade: [] }), { canTrade: false }],
    [
      'Derivatives DerivativesTrade instead of ContractTrade',
      result({}, { ContractTrade: [], Derivatives: ['DerivativesTrade'] }),
      { canTrade: true },
    ],
    [
      'read-only with Derivatives',
      result({ readOnly: 1 }, { ContractTrade: [], Derivatives: ['DerivativesTrade'] }),
      { canTrade: false },
    ],
    ['spot only', result({}, { ContractTrade: [], Spot: ['SpotTrade'] }), { canTrade: false }],
    [
      'wallet withdrawal',
      result({}, { Wallet: ['AccountTransfer', 'Withdraw'] }),
      { withdrawal: true, canTrade: true },
    ],
    ['wallet without withdrawal', result({}, { Wallet: ['AccountTransfer'] }), { withdrawal: false }],
    [
      'no Wallet group at all',
      result({ permissions: { ContractTrade: ['Order', 'Position'] } }),
      { withdrawal: false, canTrade: true },
    ],
  ])('%s', (_, raw, expected) => {
    expect(parseApiKeyPermissions(raw)).toMatchObject(expected);
  });

  it.each([
    ['an ISO expiry', '2026-02-15T08:00:00Z', '2026-02-15T08:00:00.000Z'],
    ['the epoch, meaning no expiry', '1970-01-01T00:00:00Z', null],
    ['the epoch with milliseconds', '1970-01-01T00:00:00.000Z', null],
    ['an empty string', '', null],
    ['something unparseable', 'soon', null],
    ['a missing field', undefined, null],
  ])('expiry: %s', (_, expiredAt, expiresAt) => {
    expect(parseApiKeyPermissions(result({ expiredAt })).expiresAt).toBe(expiresAt);
  });

  it.each([
    ['any IP', ['*'], false, []],
    ['no list', undefined, false, []],
    ['an empty list', [], false, []],
    ['one IP', ['203.0.113.7'], true, ['203.0.113.7']],
    ['several IPs', ['203.0.113.7', '198.51.100.0/24'], true, ['203.0.113.7', '198.51.100.0/24']],
    ['comma-joined IPs', ['203.0.113.7, 198.51.100.9'], true, ['203.0.113.7', '198.51.100.9']],
  ])('IP restriction: %s', (_, ips, ipRestricted, list) => {
    expect(parseApiKeyPermissions(result({ ips }))).toMatchObject({ ipRestricted, ips: list });
  });

  it.each([
    ['null', null],
    ['a string', 'oops'],
    ['an empty object', {}],
    ['permissions of the wrong type', { permissions: ['Order'], readOnly: 0 }],
  ])('reads %s as a key that can do nothing', (_, raw) => {
    expect(parseApiKeyPermissions(raw)).toEqual({
      canTrade: false,
      readOnly: false,
      withdrawal: false,
      expiresAt: null,
      ipRestricted: false,
      ips: [],
    });
  });
});
