import { CODE, MSG, SimError, paramError } from '../errors';
import { str } from './paging';
import type { Account } from '../accounts';
import { type MarginMode, unifiedMarginStatusOf } from '../margin';
import { type Route, accountRoute, requireAccount } from './types';

const NINETY_DAYS = 90 * 24 * 3600 * 1000;
const MARGIN_MODES = ['ISOLATED_MARGIN', 'REGULAR_MARGIN', 'PORTFOLIO_MARGIN'];

/** 3400045 with Bybit's `result.reasons` (one per unmet condition); nothing changes. */
function marginModeFailed(reasons: { reasonCode: string; reasonMsg: string }[]): SimError {
  return new SimError(CODE.setMarginModeFailed, MSG.setMarginModeFailed, { reasons });
}

/** The conditions a switch needs, worded after Bybit's documented fail sample (3400002, 3400001). */
function marginModeBlockers(account: Account): { reasonCode: string; reasonMsg: string }[] {
  const reasons = [];
  if (account.openOrders().length > 0)
    reasons.push({
      reasonCode: '3400002',
      reasonMsg:
        'Please ensure that there are no active orders in your account, including Limit, Market and Conditional orders',
    });
  if ([...account.positions.values()].some((p) => p.size.gt(0)))
    reasons.push({
      reasonCode: '3400001',
      reasonMsg: 'Please ensure that there are no positions in your account, including USDT perpetual',
    });
  return reasons;
}

export const accountRoutes: Record<string, Route> = {
  '/v5/account/wallet-balance': {
    method: 'GET',
    private: true,
    write: false,
    handle: (ctx) => {
      const accountType = str(ctx.params.accountType);
      if (!accountType) throw paramError('accountType is required');
      const account = requireAccount(ctx);
      // A unified account has one wallet (UNIFIED); a classic account's derivatives wallet is CONTRACT.
      const expected = account.kind === 'classic' ? 'CONTRACT' : 'UNIFIED';
      if (accountType !== expected) throw paramError(`accountType only support ${expected}`);
      const coins = str(ctx.params.coin)?.split(',');
      return { retMsg: 'OK', result: { list: [account.walletToWire(ctx.engine.market, coins)] } };
    },
  },

  /**
   * The account's settings: `unifiedMarginStatus` says classic (1) or unified (3 = UTA 1.0, 5 = UTA 2.0),
   * `marginMode` cross, isolated or portfolio on a unified account.
   */
  '/v5/account/info': accountRoute('GET', 'read', (ctx, account) => {
    return {
      retMsg: 'success',
      result: {
        unifiedMarginStatus: unifiedMarginStatusOf[account.kind],
        marginMode: account.marginMode,
        isMasterTrader: false,
        spotHedgingStatus: 'OFF',
        updatedTime: String(account.marginModeUpdatedTime),
        dcpStatus: 'OFF',
        timeWindow: 10,
        smpGroup: 0,
      },
    };
  }),

  /**
   * Account-level margin mode, the only switch a unified account has for USDT perpetuals (the per-symbol
   * `/v5/position/switch-isolated` answers 100028 there). A switch while the account holds positions or
   * open orders is refused (Bybit's documented fail sample lists those two reasons; whether a unified
   * account really needs both is unverified), as 3400045 with the reasons. Portfolio margin is accepted
   * and computed as cross (bybit/margin.ts). A classic account has no account-wide margin mode (the
   * simulator answers 3400045 with a reason; Bybit's exact answer there is unverified). Success: retMsg
   * "Request accepted", `{reasons: []}`.
   */
  '/v5/account/set-margin-mode': accountRoute('POST', 'write', (ctx, account) => {
    const mode = ctx.params.setMarginMode;
    if (typeof mode !== 'string' || !MARGIN_MODES.includes(mode)) throw paramError('setMarginMode invalid');
    if (account.kind === 'classic')
      throw marginModeFailed([
        { reasonCode: '3400045', reasonMsg: 'Please upgrade to the Unified Trading Account first' },
      ]);
    const blockers = marginModeBlockers(account);
    if (blockers.length > 0) throw marginModeFailed(blockers);
    if (account.marginMode !== mode) {
      account.marginMode = mode as MarginMode;
      account.marginModeUpdatedTime = ctx.engine.now();
    }
    return { retMsg: 'Request accepted', result: { reasons: [] } };
  }),

  /** Any permission may call it; demo trading does not support it (10032, docs/bybit-v5.md §6). */
  '/v5/user/query-api': {
    method: 'GET',
    private: true,
    write: false,
    handle: (ctx) => {
      if (ctx.environment === 'demo') throw new SimError(CODE.demoNotSupported, MSG.demoNotSupported);
      const key = ctx.key;
      if (!key) throw new Error('query-api without key');
      const created = Date.parse(key.createdAt);
      // IP-bound keys never expire (shown as the epoch); others expire 90 days after creation.
      const expiredAt =
        key.expiresAt ??
        (key.ipRestricted ? '1970-01-01T00:00:00Z' : new Date(created + NINETY_DAYS).toISOString());
      const deadlineDay = key.expiresAt
        ? Math.max(0, Math.ceil((Date.parse(key.expiresAt) - Date.now()) / 86_400_000))
        : key.ipRestricted
          ? -1
          : 90;
      const trade = key.readOnly ? [] : ['Order', 'Position'];
      return {
        retMsg: '',
        result: {
          id: key.id,
          note: 'synthex-sim',
          apiKey: key.apiKey,
          readOnly: key.readOnly ? 1 : 0,
          secret: '',
          permissions: {
            ContractTrade: trade,
            Spot: key.readOnly ? [] : ['SpotTrade'],
            Wallet: key.withdraw ? ['AccountTransfer', 'SubMemberTransfer', 'Withdraw'] : ['AccountTransfer'],
            Options: [],
            Derivatives: key.readOnly ? [] : ['DerivativesTrade'],
            CopyTrading: [],
            BlockTrade: [],
            Exchange: [],
            NFT: [],
            Affiliate: [],
            Earn: [],
            FiatP2P: [],
          },
          ips: key.ipRestricted ? ['127.0.0.1'] : ['*'],
          type: 1,
          deadlineDay,
          expiredAt,
          createdAt: key.createdAt,
          unified: 0,
          uta: requireAccount(ctx).kind === 'classic' ? 0 : 1,
          userID: Number(key.uid),
          inviterID: 0,
          vipLevel: 'No VIP',
          mktMakerLevel: '0',
          affiliateID: 0,
          rsaPublicKey: key.rsaPublicKey ?? '',
          isMaster: true,
          parentUid: '0',
          kycLevel: 'LEVEL_DEFAULT',
          kycRegion: '',
        },
      };
    },
  },
};
