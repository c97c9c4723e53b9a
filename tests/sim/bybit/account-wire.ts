import type { Account, PositionRecord } from './accounts';
import { D, type Dec, str } from './decimal';
import { priceLimits } from './instruments';
import type { Market } from './market';
import { tradingStopFields } from './trading-stop';

const ZERO_COIN_FIELDS = {
  equity: '0',
  usdValue: '0',
  walletBalance: '0',
  free: '',
  locked: '0',
  spotHedgingQty: '0',
  borrowAmount: '0',
  availableToWithdraw: '',
  availableToBorrow: '',
  accruedInterest: '0',
  totalOrderIM: '0',
  totalPositionIM: '0',
  totalPositionMM: '0',
  unrealisedPnl: '0',
  cumRealisedPnl: '0',
  bonus: '0',
  marginCollateral: true,
  collateralSwitch: true,
  spotBorrow: '0',
};

/** `/v5/account/wallet-balance` list item; also the `wallet` WS payload. */
export function walletToWire(account: Account, market: Market, coins?: string[]): Record<string, unknown> {
  const t = account.totals(market);
  const s = (d: Dec) => d.toDecimalPlaces(8).toFixed();
  // Zero-balance coins are omitted unless named in `coin`.
  const wantUsdt = coins ? coins.includes('USDT') : !account.wallet.isZero() || !t.positionIM.isZero();
  const coin: Record<string, unknown>[] = wantUsdt
    ? [
        {
          coin: 'USDT',
          ...ZERO_COIN_FIELDS,
          equity: s(t.equity),
          usdValue: s(t.equity),
          walletBalance: s(account.wallet),
          totalOrderIM: s(t.orderIM),
          totalPositionIM: s(t.positionIM),
          totalPositionMM: s(t.positionMM),
          unrealisedPnl: s(t.upl),
          cumRealisedPnl: s(account.cumRealisedPnl),
        },
      ]
    : [];
  // Coins other than USDT hold nothing here; Bybit lists them (all zeros) only when asked for by name.
  for (const name of coins ?? []) {
    if (name === 'USDT' || name === '') continue;
    coin.push({ coin: name, ...ZERO_COIN_FIELDS });
  }
  const imRate = t.equity.isZero() ? new D(0) : t.positionIM.plus(t.orderIM).div(t.equity);
  const mmRate = t.equity.isZero() ? new D(0) : t.positionMM.div(t.equity);
  return {
    // A classic account's derivatives wallet is the CONTRACT account.
    accountType: account.kind === 'classic' ? 'CONTRACT' : 'UNIFIED',
    accountLTV: '0',
    accountIMRate: imRate.toFixed(4),
    accountIMRateByMp: imRate.toFixed(4),
    accountMMRate: mmRate.toFixed(4),
    accountMMRateByMp: mmRate.toFixed(4),
    totalEquity: s(t.equity),
    totalWalletBalance: s(account.wallet),
    totalMarginBalance: s(t.equity),
    totalAvailableBalance: s(t.available),
    totalPerpUPL: s(t.upl),
    totalInitialMargin: s(t.positionIM.plus(t.orderIM)),
    totalInitialMarginByMp: s(t.positionIM.plus(t.orderIM)),
    totalMaintenanceMargin: s(t.positionMM),
    totalMaintenanceMarginByMp: s(t.positionMM),
    coin,
  };
}

/**
 * `liqPrice` as Bybit prints it: "" when flat or outside (minPrice, maxPrice). Isolated: the real price,
 * on the tick; cross: the estimate, to 8 decimals.
 */
function liqPriceToWire(account: Account, p: PositionRecord, market: Market): string {
  const liq = account.liquidationPrice(p, market);
  const { minPrice, maxPrice } = priceLimits(p.inst);
  if (!liq || liq.lte(minPrice) || liq.gte(maxPrice)) return '';
  // Isolated: on the tick already (margin.ts); printed plain like every position field.
  return account.marginMode === 'ISOLATED_MARGIN' ? str(liq) : str(liq.toDecimalPlaces(8));
}

/**
 * `/v5/position/list` item. The WS `position` topic renames avgPrice to entryPrice. Decimals are plain, as
 * Bybit prints position rows; a flat row is `size "0"`, `side ""`, `avgPrice "0"`, `positionValue ""`,
 * `unrealisedPnl ""` (docs/bybit-v5.md "Differences we know of").
 */
export function positionToWire(account: Account, p: PositionRecord, market: Market): Record<string, unknown> {
  const ps = p.inst.priceScale;
  const mark = market.mark(p.inst.symbol);
  const flat = p.size.isZero();
  const im = account.positionIM(p, market);
  const mm = account.positionMM(p, market);
  return {
    positionIdx: p.positionIdx,
    riskId: 1,
    riskLimitValue: '2000000',
    symbol: p.inst.symbol,
    side: p.side,
    size: str(p.size),
    avgPrice: flat ? '0' : str(p.avgPrice.toDecimalPlaces(ps + 4)),
    positionValue: flat ? '' : str(p.size.mul(p.avgPrice).toDecimalPlaces(8)),
    // Deprecated, always 0 on a unified account: the margin mode is the account's (/v5/account/info).
    tradeMode: 0,
    autoAddMargin: 0,
    positionStatus: p.positionStatus,
    leverage: str(account.positionLeverage(p)),
    markPrice: str(mark),
    liqPrice: liqPriceToWire(account, p, market),
    bustPrice: '',
    positionIM: flat ? '0' : str(im.toDecimalPlaces(8)),
    positionIMByMp: flat ? '0' : str(im.toDecimalPlaces(8)),
    positionMM: flat ? '0' : str(mm.toDecimalPlaces(8)),
    positionMMByMp: flat ? '0' : str(mm.toDecimalPlaces(8)),
    positionBalance: flat ? '0' : str(im.toDecimalPlaces(8)),
    tpslMode: 'Full',
    ...tradingStopFields(p),
    trailingStop: '0',
    sessionAvgPrice: '',
    delta: '',
    gamma: '',
    vega: '',
    theta: '',
    unrealisedPnl: flat ? '' : str(account.unrealised(p, market).toDecimalPlaces(8)),
    curRealisedPnl: str(p.curRealisedPnl.toDecimalPlaces(8)),
    cumRealisedPnl: str(p.cumRealisedPnl.toDecimalPlaces(8)),
    adlRankIndicator: flat ? 0 : 2,
    createdTime: String(p.createdTime),
    updatedTime: String(p.updatedTime),
    openTime: flat ? 0 : p.createdTime,
    seq: p.seq,
    isReduceOnly: false,
    mmrSysUpdatedTime: '',
    leverageSysUpdatedTime: '',
    breakEvenPrice: flat ? '' : str(p.avgPrice.toDecimalPlaces(ps + 4)),
  };
}
