import type { AccountMode } from '../../../shared/domain/credentials';
import { ExchangeError, type BybitGateway } from '../exchange';

/** Bybit's answer when an endpoint does not exist on demo trading. */
const demoNotSupported = 10032;

/** `unifiedMarginStatus` (docs/bybit-v5.md §9): 1 classic, 3-4 unified 1.0 (pro), 5-6 unified 2.0 (pro). */
const classic = 1;
const unified2 = new Set([5, 6]);

/**
 * A classic Bybit account: Synthex trades on a unified trading account (one USDT wallet, the account-wide
 * margin mode it reads), so the key is refused at entry with how to upgrade.
 */
export class ClassicAccountError extends Error {
  constructor() {
    super(
      'This API key belongs to a classic Bybit account; Synthex works only with a Unified Trading Account. ' +
        'Upgrade it on bybit.com (Assets → Unified Trading Account → Upgrade; it is free, takes a minute and ' +
        'is one way; close open positions and orders first if Bybit asks), then enter the key again. Nothing was changed.',
    );
    this.name = 'ClassicAccountError';
  }
}

export const portfolioMarginNote =
  'Portfolio margin: Bybit sets the margin for the whole portfolio. The initial margin Synthex shows in a ' +
  'preview assumes regular (cross) margin and is only an estimate; Bybit checks every order itself when it is sent.';

export const isolatedMarginNote =
  'Isolated margin: each leg carries its own margin and is liquidated on its own; the preview shows the sum.';

/**
 * The account's kind and margin mode from `/v5/account/info`; throws ClassicAccountError for a classic
 * account (also when query-api already said `uta: 0`). Null when Bybit does not serve account/info here.
 */
export async function readAccountMode(
  gateway: BybitGateway,
  unified: boolean | null,
): Promise<AccountMode | null> {
  if (unified === false) throw new ClassicAccountError();
  let info;
  try {
    info = await gateway.getAccountInfo();
  } catch (error) {
    if (error instanceof ExchangeError && error.retCode === demoNotSupported) return null;
    throw error;
  }
  if (info.unifiedMarginStatus === classic) throw new ClassicAccountError();
  const marginMode =
    info.marginMode === 'ISOLATED_MARGIN' || info.marginMode === 'PORTFOLIO_MARGIN'
      ? info.marginMode
      : 'REGULAR_MARGIN';
  return {
    accountType: unified2.has(info.unifiedMarginStatus) ? 'UTA2' : 'UTA1',
    marginMode,
    note:
      marginMode === 'PORTFOLIO_MARGIN'
        ? portfolioMarginNote
        : marginMode === 'ISOLATED_MARGIN'
          ? isolatedMarginNote
          : null,
  };
}
