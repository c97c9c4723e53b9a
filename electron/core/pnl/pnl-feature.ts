import type { ExchangeSessions } from '../bybit-account/exchange-sessions';
import { activeProfileServiceDeps, databasesOpen, type Feature, type FeatureContext } from '../feature';
import type { ProfilesFeature } from '../profiles/profiles-feature';
import { PnlService, type MarketSource, type PnlServiceOptions } from './pnl-service';

export type PnlChannel = 'pnl.get' | 'pnl.history';

export interface PnlFeature extends Feature<PnlChannel> {
  service: PnlService;
}

/** The profile's Bybit session as a PnL market source: its public tickers. */
export function sessionMarket(sessions: ExchangeSessions) {
  return async (profileId: number): Promise<MarketSource | null> => {
    const session = await sessions.account(profileId);
    if (!session) return null;
    return {
      key: session,
      subscribeTickers: (symbols, onTick) => session.streams().subscribeTickers(symbols, onTick),
    };
  };
}

/** `pnl.*` and the `pnl.tick` event: the live PnL of the active profile's ACTIVE positions. */
export function createPnlFeature(
  context: FeatureContext,
  deps: {
    profiles: ProfilesFeature;
    sessions: ExchangeSessions;
    /** Funding missed while nobody listened, for the profile's account (the positions engine's catch-up). */
    catchUpFunding?(profileId: number): Promise<void>;
    options?: PnlServiceOptions;
  },
): PnlFeature {
  const service = new PnlService({
    ...activeProfileServiceDeps(context, deps.profiles),
    market: sessionMarket(deps.sessions),
    catchUpFunding: deps.catchUpFunding,
    options: deps.options,
  });
  let started = false;
  return {
    service,
    handlers: {
      'pnl.get': async () => service.current(),
      'pnl.history': async (request) => service.history(request),
    },
    async start() {
      if (!databasesOpen(context)) return; // no User Data DB: no positions to follow; System says why
      started = true;
      await service.start();
    },
    async stop() {
      if (started) await service.stop();
    },
  };
}
