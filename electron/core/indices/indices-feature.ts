import { SynthexError } from '../../../shared/contract';
import type { Feature, FeatureContext } from '../feature';
import type { ProfilesFeature } from '../profiles/profiles-feature';
import type { ExchangeSessions } from '../bybit-account/exchange-sessions';
import { getProfile } from '../profiles/profile-repository';
import { customRowId, deleteCustomIndex, saveCustomIndex } from './custom-index-repository';
import { fromCustomRow, listCatalog, summarise } from './index-catalog';
import { readLatestUniverse } from './latest-universe';
import { PreviewService } from './preview-service';

export type IndicesChannel = 'indices.list' | 'indices.preview' | 'indices.save' | 'indices.delete';

export interface IndicesFeature extends Feature<IndicesChannel> {
  previews: PreviewService;
}

/**
 * `indices.*`: the built-in indices and a profile's own baskets, and the pre-trade preview. A custom
 * basket is checked by the contract's schema (weights, caps, duplicates) and, on save, against today's
 * universe (a top N needs N coins).
 */
export function createIndicesFeature(
  context: FeatureContext,
  deps: { profiles: ProfilesFeature; sessions: ExchangeSessions },
): IndicesFeature {
  const user = () => context.databases().user;
  const general = () => context.databases().general;
  const activeProfileId = () => deps.profiles.activeProfileId().catch(() => null);
  const previews = new PreviewService({
    user,
    general,
    sessions: deps.sessions,
    settings: context.settings,
    activeProfileId,
    logger: context.logger,
  });

  return {
    previews,
    handlers: {
      'indices.list': async ({ profileId }) => {
        const id = profileId ?? (await activeProfileId());
        if (id !== null) await getProfile(user(), id);
        const [catalog, universe] = await Promise.all([
          listCatalog(user(), id),
          readLatestUniverse(general()),
        ]);
        const snapshot = universe?.snapshot ?? null;
        return {
          indices: catalog.map((index) => summarise(index, snapshot)),
          snapshotDate: snapshot?.fetchDate ?? null,
        };
      },

      'indices.preview': (request) => previews.preview(request),

      'indices.save': async ({ profileId, id, name, definition }) => {
        const userId = await deps.profiles.profileFor(profileId);
        const universe = await readLatestUniverse(general());
        if (definition.kind === 'rule' && universe) {
          const size = universe.snapshot.assets.filter((a) => !definition.exclude.includes(a.symbol)).length;
          if (definition.topN > size)
            throw new SynthexError('INVALID_PAYLOAD', `Today's universe has only ${size} eligible coins.`, [
              { path: 'definition.topN', message: `must be at most ${size}, the coins in today's universe` },
            ]);
        }
        const row = await saveCustomIndex(user(), userId, {
          id: id === undefined ? null : customRowId(id),
          name,
          definition,
        });
        context.logger.info('custom index saved', { profileId: userId, indexId: `custom-${row.id}` });
        return summarise(fromCustomRow(row), universe?.snapshot ?? null);
      },

      'indices.delete': async ({ profileId, id }) => {
        const userId = await deps.profiles.profileFor(profileId);
        const deleted = await deleteCustomIndex(user(), userId, customRowId(id)!);
        if (!deleted) throw new SynthexError('NOT_FOUND', `This profile has no index ${id}.`);
        return { id, deleted };
      },
    },
  };
}
