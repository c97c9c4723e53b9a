import { CODE, MSG, SimError, paramError } from '../errors';
import { str } from './paging';
import { type Route, requireAccount } from './types';

const NINETY_DAYS = 90 * 24 * 3600 * 1000;

export const accountRoutes: Record<string, Route> = {
  '/v5/account/wallet-balance': {
    method: 'GET',
    private: true,
    write: false,
    handle: (ctx) => {
      const accountType = str(ctx.params.accountType);
      if (!accountType) throw paramError('accountType is required');
      if (accountType !== 'UNIFIED') throw paramError('accountType only support UNIFIED');
      const coins = str(ctx.params.coin)?.split(',');
      const account = requireAccount(ctx);
      return { retMsg: 'OK', result: { list: [account.walletToWire(ctx.engine.market, coins)] } };
    },
  },

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
          uta: 1,
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
