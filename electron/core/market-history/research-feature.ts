import { indexDefinitionSchema } from '../../../shared/domain/indices';
import { benchmarkSymbol } from '../../../shared/indices/backtest/run-backtest';
import type { ExchangeSessions } from '../bybit-account/exchange-sessions';
import { databasesOpen, type Feature, type FeatureContext } from '../feature';
import type { ProfilesFeature } from '../profiles/profiles-feature';
import { pollerJobOptions } from '../universe/poller-job-options';
import { BacktestService } from './backtest-service';
import { readHistoryConfig } from './history-config';
import { MarketHistoryService } from './market-history-service';

export type ResearchChannels = 'indices.backtest' | 'universe.marketHistory';

/** Ranks fetched beyond the deepest index: the top 50 and a margin for coins moving in and out. */
const baseRankDepth = 60;

/**
 * Index research: the market history the poller keeps in the General Data DB (`universe.marketHistory`,
 * progress as `universe.historyProgress`) and backtests on it (`indices.backtest`).
 */
export function createResearchFeature(
  context: FeatureContext,
  deps: { profiles: ProfilesFeature; sessions: ExchangeSessions },
): Feature<ResearchChannels> & { history: MarketHistoryService } {
  const history = new MarketHistoryService({
    ...pollerJobOptions(context),
    config: readHistoryConfig(context.env),
    wanted: async () => {
      // Every profile's baskets: their coins are fetched whatever their rank, and rules set the depth.
      const rows = await context.databases().user.selectFrom('custom_indices').select('definition').execute();
      const extra = new Set([benchmarkSymbol]);
      let rankDepth = baseRankDepth;
      for (const row of rows) {
        const parsed = indexDefinitionSchema.safeParse(row.definition);
        if (!parsed.success) continue;
        const definition = parsed.data;
        if (definition.kind === 'basket') for (const leg of definition.legs) extra.add(leg.symbol);
        else rankDepth = Math.max(rankDepth, definition.topN + definition.exclude.length + 10);
      }
      return { extraSymbols: [...extra], rankDepth: Math.min(rankDepth, 1000) };
    },
  });
  const backtests = new BacktestService({
    user: () => context.databases().user,
    general: () => context.databases().general,
    sessions: deps.sessions,
    settings: context.settings,
    activeProfileId: () => deps.profiles.activeProfileId().catch(() => null),
  });
  return {
    history,
    handlers: {
      'indices.backtest': (request) => backtests.backtest(request),
      'universe.marketHistory': () => history.state(),
    },
    async start() {
      if (!databasesOpen(context)) return; // Without the databases there is nothing to fetch into; System says why.
      await history.start();
    },
    stop: () => history.stop(),
  };
}
