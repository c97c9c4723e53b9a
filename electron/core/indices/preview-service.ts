import type { Kysely } from 'kysely';
import { isPositiveDecimal } from '../../../shared/decimal';
import type { Message, Preview, PreviewRequest } from '../../../shared/domain/preview';
import { buildPreview } from '../../../shared/indices/build-preview';
import {
  resolveIndex,
  type MembershipBuffer,
  type ResolvedIndex,
} from '../../../shared/indices/constituents';
import type { LegMarket } from '../../../shared/indices/sizing';
import type { AccountSession, ExchangeSessions } from '../bybit-account/exchange-sessions';
import type { GeneralDb, UserDb } from '../db';
import {
  delistingAt,
  exchangeEndpoints,
  utcMinute,
  type BybitGateway,
  type ExchangeEndpoints,
  type Instrument,
  type Ticker,
  type WalletBalance,
} from '../exchange';
import { asContractError } from '../exchange/contract-error';
import type { SettingsService } from '../settings/settings-service';
import type { Logger } from '../util/logger';
import { findCatalogIndex, type CatalogIndex } from './index-catalog';
import { readLatestUniverse, type LatestUniverse } from './latest-universe';

/** A universe older than this blocks opening: ranks and listings move, and the poller should have run. */
export const staleUniverseMs = 36 * 3600_000;

export interface PreviewServiceDeps {
  user: () => Kysely<UserDb>;
  general: () => Kysely<GeneralDb>;
  sessions: ExchangeSessions;
  settings: SettingsService;
  /** The active profile, or null when there is none yet. */
  activeProfileId(): Promise<number | null>;
  logger: Logger;
  now?: () => Date;
}

/** Everything a preview was computed from, so opening a position can reuse it without asking again. */
export interface PreviewContext {
  preview: Preview;
  index: CatalogIndex;
  profileId: number | null;
  session: AccountSession | null;
  /** Instruments and tickers of the legs, by symbol. */
  instruments: ReadonlyMap<string, Instrument>;
  tickers: ReadonlyMap<string, Ticker>;
}

function isTradable(instrument: Instrument): boolean {
  return (
    instrument.status === 'Trading' &&
    instrument.contractType === 'LinearPerpetual' &&
    instrument.quoteCoin === 'USDT'
  );
}

/**
 * `indices.preview`: an index, a size and a direction turned into exact, exchange-valid quantities from the
 * latest universe, fresh prices (one tickers call) and each instrument's filters. Nothing is sent.
 */
/**
 * A balance this recent is good enough to warn about margin (the open is checked by Bybit anyway): 5 s for
 * one read over REST, 60 s for one the private stream pushed (it pushes every change the fills make).
 */
const balanceMaxAgeMs = { rest: 5000, stream: 60_000 };
export class PreviewService {
  private readonly now: () => Date;
  private universe: LatestUniverse | null = null;
  private readonly balances = new WeakMap<
    AccountSession,
    { at: number; value: string | null; source: keyof typeof balanceMaxAgeMs }
  >();

  constructor(private readonly deps: PreviewServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The latest universe; its four hundred rows are read again only when a refresh wrote new ones. */
  private async latestUniverse(): Promise<LatestUniverse | null> {
    this.universe = await readLatestUniverse(this.deps.general(), this.universe);
    return this.universe;
  }

  /** The account's wallet as its private stream pushed it. */
  noteWallet(session: AccountSession, wallet: WalletBalance): void {
    this.balances.set(session, {
      at: Date.now(),
      value: wallet.totalAvailableBalance || null,
      source: 'stream',
    });
  }

  async preview(request: PreviewRequest): Promise<Preview> {
    return (await this.compute(request)).preview;
  }

  /**
   * The preview with everything it was computed from. `buffer` (a rebalance's rank buffer) keeps held coins
   * of a rule-based index a few places past its edge and lets new ones in only a few places inside it.
   */
  async compute(request: PreviewRequest, buffer?: MembershipBuffer): Promise<PreviewContext> {
    const profileId = request.profileId ?? (await this.deps.activeProfileId());
    const index = await findCatalogIndex(this.deps.user(), profileId, request.indexId);
    const problems: Message[] = [];
    const notes: Message[] = [];

    const universe = await this.latestUniverse();
    if (!universe)
      problems.push({
        code: 'NO_SNAPSHOT',
        message: 'There is no universe snapshot yet. Wait for the first refresh (Universe → Refresh now).',
      });
    else if (this.now().getTime() - universe.fetchedAt.getTime() > staleUniverseMs)
      problems.push({
        code: 'STALE_UNIVERSE',
        message: `The universe snapshot is from ${universe.snapshot.fetchDate}, more than 36 hours old. Refresh it (Universe → Refresh now) before opening.`,
      });

    const session = profileId === null ? null : await this.session(profileId);
    if (profileId === null)
      problems.push({
        code: 'NO_PROFILE',
        message: 'Create a profile and add a Bybit API key to open positions.',
      });
    else if (!session)
      problems.push({
        code: 'NO_API_KEY',
        message: 'This profile has no Bybit API key. Add one in Settings → Account to open positions.',
      });
    else if (session.monitorOnly)
      problems.push({
        code: 'MONITOR_ONLY',
        message:
          'This API key is monitor-only (read-only or without contract trading permission). Use a trading key to open positions.',
      });

    const resolved: ResolvedIndex = universe
      ? resolveIndex(index.definition, universe.snapshot.assets, buffer)
      : { constituents: [], missing: [], shortfall: null, cap: null };
    const endpoints = session?.endpoints ?? exchangeEndpoints(this.deps.settings.view().settings);
    const gateway = session?.gateway ?? this.deps.sessions.market(endpoints);
    const symbols = resolved.constituents.map((c) => c.symbol);
    const [instruments, tickers, balance] = await Promise.all([
      this.instruments(gateway),
      this.tickers(endpoints, symbols),
      session ? this.availableBalance(session, notes) : Promise.resolve(null),
    ]);

    const markets = new Map<string, LegMarket>();
    const unavailable = new Map<string, Message>();
    for (const { symbol } of resolved.constituents) {
      const instrument = instruments.get(symbol);
      const ticker = tickers.get(symbol);
      if (!instrument || !isTradable(instrument)) continue;
      // A perpetual Bybit has scheduled for delisting is never bought into a new basket.
      const delisting = delistingAt(instrument);
      if (delisting !== null) {
        unavailable.set(symbol, {
          code: 'DELISTING',
          message: `Bybit delists ${symbol} on ${utcMinute(delisting)}; it is left out.`,
        });
        continue;
      }
      if (!isPositiveDecimal(ticker?.lastPrice)) {
        unavailable.set(symbol, { code: 'NO_PRICE', message: `Bybit has no price for ${symbol} right now.` });
        continue;
      }
      markets.set(symbol, {
        symbol,
        price: ticker!.lastPrice,
        qtyStep: instrument.qtyStep,
        minOrderQty: instrument.minOrderQty,
        minNotionalValue: instrument.minNotionalValue,
        maxMktOrderQty: instrument.maxMktOrderQty,
        maxLeverage: instrument.maxLeverage,
      });
    }
    const { settings } = this.deps.settings.view();
    const preview = buildPreview({
      indexId: index.id,
      indexName: index.name,
      resolved,
      markets,
      unavailable,
      usdtSize: request.usdtSize,
      direction: request.direction,
      leverage: request.leverage,
      strict: request.strict,
      maxSlippagePercent: request.maxSlippagePercent ?? settings.maxSlippagePercent,
      acknowledgeAbovePercent: settings.trackingErrorAcknowledgePercent,
      snapshotDate: universe?.snapshot.fetchDate ?? null,
      pricedAt: this.now().toISOString(),
      availableBalance: balance,
      problems,
      notes,
    });
    return { preview, index, profileId, session, instruments, tickers };
  }

  private async session(profileId: number): Promise<AccountSession | null> {
    try {
      return await this.deps.sessions.account(profileId);
    } catch (error) {
      throw asContractError(error, 'Synthex could not reach Bybit with this profile’s key');
    }
  }

  private async instruments(gateway: BybitGateway): Promise<Map<string, Instrument>> {
    try {
      return new Map((await gateway.getInstruments()).map((i) => [i.symbol, i]));
    } catch (error) {
      throw asContractError(error, 'Synthex could not read Bybit’s instruments');
    }
  }

  private async tickers(
    endpoints: ExchangeEndpoints,
    symbols: readonly string[],
  ): Promise<Map<string, Ticker>> {
    try {
      return await this.deps.sessions.prices(endpoints).tickers(symbols);
    } catch (error) {
      throw asContractError(error, 'Synthex could not read Bybit’s prices');
    }
  }

  /** The account's available USDT; a failed read is a note (the open checks again), not a dead preview. */
  private async availableBalance(session: AccountSession, notes: Message[]): Promise<string | null> {
    const cached = this.balances.get(session);
    if (cached && Date.now() - cached.at < balanceMaxAgeMs[cached.source]) return cached.value;
    try {
      const wallet = await session.gateway.getWalletBalance(['USDT']);
      const value = wallet.totalAvailableBalance || null;
      this.balances.set(session, { at: Date.now(), value, source: 'rest' });
      return value;
    } catch (error) {
      this.deps.logger.warn('could not read the wallet for a preview', {
        profileId: session.profileId,
        code: (error as { code?: unknown }).code,
      });
      notes.push({
        code: 'BALANCE_UNAVAILABLE',
        message: 'Bybit did not report the available balance just now; it is checked again when you open.',
      });
      return null;
    }
  }
}
