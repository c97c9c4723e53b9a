import { SynthexError } from '../../../shared/contract/errors';
import { Dec } from '../../../shared/decimal';
import type { PositionDetail } from '../../../shared/domain/positions';
import type { ExchangeSessions } from '../bybit-account/exchange-sessions';
import { activeProfileServiceDeps, databasesOpen, type Feature, type FeatureContext } from '../feature';
import type { CoalescerClock } from '../pnl/coalescer';
import type { PnlService } from '../pnl/pnl-service';
import { BENCHMARK_SYMBOL } from '../performance/benchmark-repository';
import { BenchmarkService } from '../performance/benchmark-service';
import { historyCsv } from '../performance/history-csv';
import { withLegFigures } from '../performance/leg-figures';
import { positionPerformance } from '../performance/position-performance';
import type { ProfilesFeature } from '../profiles/profiles-feature';
import { getProfile } from '../profiles/profile-repository';
import { AccountSummaryService, readAccount } from './account-summary-service';
import { exchangeEndpoints } from '../exchange';
import { marketTicker } from './market-ticker';

export type CockpitChannel =
  'account.summary' | 'positions.performance' | 'positions.exportHistory' | 'universe.tickers';

export interface CockpitFeature extends Feature<CockpitChannel> {
  summary: AccountSummaryService;
  benchmark: BenchmarkService;
  /** positions.get's live per-leg figures (handed to the positions feature). */
  withLegFigures(detail: PositionDetail): Promise<PositionDetail>;
}

export interface CockpitOptions {
  /** At most one account.updated per this many ms (default 250). */
  emitIntervalMs?: number;
  clock?: CoalescerClock;
}

/**
 * The trader's cockpit: the live account summary (`account.summary`, event `account.updated`), the per-leg
 * figures of positions.get, a position's NAV next to BTC (`positions.performance`) and the history CSV.
 */
export function createCockpitFeature(
  context: FeatureContext,
  deps: {
    profiles: ProfilesFeature;
    sessions: ExchangeSessions;
    pnl: () => PnlService;
    options?: CockpitOptions;
  },
): CockpitFeature {
  // The account summary reads Bybit only; the benchmark also writes to the User Data DB.
  const { db, ...following } = activeProfileServiceDeps(context, deps.profiles);
  const now = () => deps.options?.clock?.now() ?? Date.now();
  const summary = new AccountSummaryService({
    ...following,
    session: (profileId) => deps.sessions.account(profileId),
    emitIntervalMs: deps.options?.emitIntervalMs,
    clock: deps.options?.clock,
  });
  const benchmarkMark = async (profileId: number): Promise<Dec | null> => {
    const session = await deps.sessions.account(profileId);
    if (!session) return null;
    const [ticker] = await session.gateway.getTickers(BENCHMARK_SYMBOL);
    return ticker && ticker.markPrice !== '' ? new Dec(ticker.markPrice) : null;
  };
  const benchmark = new BenchmarkService({
    db,
    ...following,
    benchmarkMark,
    clock: deps.options?.clock,
  });
  const livePnl = (id: number) => {
    const position = deps
      .pnl()
      .current()
      .positions.find((p) => p.id === id);
    return position
      ? { realized: new Dec(position.realizedPnl), unrealized: new Dec(position.unrealizedPnl) }
      : null;
  };
  /** Marks from the live streams first (PnL engine, account summary); one REST ticker read for the rest. */
  const marks = async (profileId: number, symbols: readonly string[]) => {
    const found = new Map<string, Dec>();
    for (const position of deps.pnl().current().positions)
      for (const leg of position.legs ?? []) if (leg.markPrice) found.set(leg.symbol, new Dec(leg.markPrice));
    const followed = summary.rows(profileId);
    for (const symbol of symbols) {
      const mark = found.has(symbol) ? null : followed?.markOf(symbol);
      if (mark) found.set(symbol, new Dec(mark));
    }
    if (symbols.every((s) => found.has(s))) return found;
    const session = await deps.sessions.account(profileId);
    for (const ticker of (await session?.gateway.getTickers()) ?? [])
      if (symbols.includes(ticker.symbol) && !found.has(ticker.symbol) && ticker.markPrice !== '')
        found.set(ticker.symbol, new Dec(ticker.markPrice));
    return found;
  };
  const accountRows = async (profileId: number) => {
    const followed = summary.rows(profileId);
    // Followed: the live rows and mode, no request; otherwise one REST read of the account.
    const known = followed ? await summary.summary(profileId).catch(() => null) : null;
    if (followed && known) return { rows: followed.rows, marginMode: known.marginMode };
    const session = await deps.sessions.account(profileId);
    if (!session) return null;
    const read = await readAccount(session);
    return { rows: read.positions, marginMode: read.marginMode };
  };
  let started = false;
  return {
    summary,
    benchmark,
    withLegFigures: (detail) => withLegFigures({ db, marks, accountRows }, detail),
    handlers: {
      'account.summary': async ({ profileId }) => {
        const id = profileId ?? (await deps.profiles.activeProfileId());
        if (profileId !== undefined) await getProfile(db(), id);
        const result = await summary.summary(id);
        if (!result)
          throw new SynthexError(
            'UNAVAILABLE',
            'This profile has no Bybit API key: add one in Settings to see the account.',
          );
        return result;
      },
      'positions.performance': async ({ id }) => positionPerformance({ db, livePnl, benchmarkMark, now }, id),
      'positions.exportHistory': async ({ profileId }) => {
        const id = await deps.profiles.profileFor(profileId);
        const { csv, rows } = await historyCsv(db(), id, livePnl);
        const stamp = new Date(now()).toISOString().slice(0, 10);
        return { filename: `synthex-positions-${stamp}.csv`, csv, rows };
      },
      'universe.tickers': async () => {
        // The active profile's environment when it has a key, else the one in Settings.
        const profileId = await deps.profiles.activeProfileId().catch(() => null);
        const session = profileId === null ? null : await deps.sessions.account(profileId).catch(() => null);
        const gateway =
          session?.gateway ?? deps.sessions.market(exchangeEndpoints(context.settings.view().settings));
        return { at: new Date(now()).toISOString(), tickers: (await gateway.getTickers()).map(marketTicker) };
      },
    },
    async start() {
      if (!databasesOpen(context)) return; // no User Data DB: no profile to follow; System says why
      started = true;
      benchmark.start();
      await summary.start();
    },
    async stop() {
      if (!started) return;
      await summary.stop();
      await benchmark.stop();
    },
  };
}
