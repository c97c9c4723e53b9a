import { sql } from 'kysely';
import { SynthexError } from '../../../shared/contract';
import type { ProfileList } from '../../../shared/domain/profile';
import type { Feature, FeatureContext } from '../feature';
import {
  assertNameFree,
  countHistory,
  deleteProfileRows,
  duplicateEmail,
  getProfile,
  listProfiles,
  lockProfile,
} from './profile-repository';

export type ProfilesChannel =
  'profiles.list' | 'profiles.create' | 'profiles.update' | 'profiles.delete' | 'profiles.select';

/** Every profile is on the free tier until subscriptions exist. */
const defaultTier = 'free';

export interface ProfilesFeature extends Feature<ProfilesChannel> {
  /** The profile a call without an explicit id works on; NOT_FOUND with what to do when there is none. */
  activeProfileId(): Promise<number>;
  /** The profile a call names, or the active one without an id; NOT_FOUND for a deleted or unknown one. */
  profileFor(profileId: number | undefined): Promise<number>;
  /** Tells every window that profiles (or their credentials) changed. */
  publish(): Promise<ProfileList>;
}

/**
 * Local trader profiles (`users` rows). The active profile is remembered in the User Data DB itself
 * (users.selected_at, newest wins), so it survives restarts and can never point into another database.
 */
export function createProfilesFeature(context: FeatureContext): ProfilesFeature {
  const db = () => context.databases().user;

  const publish = async () => {
    const list = await listProfiles(db());
    context.events.emit('profiles.changed', list);
    return list;
  };

  const activeProfileId = async () => {
    const { activeProfileId: active } = await listProfiles(db());
    if (active === null) {
      throw new SynthexError('NOT_FOUND', 'There is no profile yet. Create a profile first.');
    }
    return active;
  };

  return {
    activeProfileId,
    async profileFor(profileId) {
      const id = profileId ?? (await activeProfileId());
      await getProfile(db(), id); // NOT_FOUND with a sentence for a deleted or unknown profile
      return id;
    },
    publish,
    handlers: {
      'profiles.list': async () => listProfiles(db()),

      'profiles.create': async ({ name, email, select }) => {
        const id = await db()
          .transaction()
          .execute(async (trx) => {
            await assertNameFree(trx, name, null);
            const row = await trx
              .insertInto('users')
              .values({
                name,
                email,
                subscription_tier: defaultTier,
                selected_at: select ? sql<Date>`clock_timestamp()` : null,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
              .catch((error: unknown) => duplicateEmail(error, email));
            return row.id;
          });
        context.logger.info('profile created', { profileId: id });
        await publish();
        return getProfile(db(), id);
      },

      'profiles.update': async ({ id, name, email }) => {
        await db()
          .transaction()
          .execute(async (trx) => {
            await lockProfile(trx, id);
            if (name !== undefined) await assertNameFree(trx, name, id);
            const changes = {
              ...(name !== undefined ? { name } : {}),
              ...(email !== undefined ? { email } : {}),
            };
            if (Object.keys(changes).length === 0) return;
            await trx
              .updateTable('users')
              .set(changes)
              .where('id', '=', id)
              .execute()
              .catch((error: unknown) => duplicateEmail(error, email));
          });
        await publish();
        return getProfile(db(), id);
      },

      'profiles.delete': async ({ id, deleteHistory }) => {
        const history = await db()
          .transaction()
          .execute(async (trx) => {
            await lockProfile(trx, id);
            const counted = await countHistory(trx, id);
            if (counted.open > 0) {
              throw new SynthexError(
                'CONFLICT',
                `This profile has ${counted.open} synthetic position(s) that are not closed. Close them first: ` +
                  'deleting the profile would leave their coins on Bybit without Synthex watching them.',
              );
            }
            if (counted.positions > 0 && !deleteHistory) {
              throw new SynthexError(
                'CONFLICT',
                `This profile has a history of ${counted.positions} closed position(s) and ${counted.trades} trade(s). ` +
                  'Deleting the profile deletes that history too; confirm to go ahead.',
              );
            }
            await deleteProfileRows(trx, id);
            return counted;
          });
        context.logger.info('profile deleted', { profileId: id, positions: history.positions });
        const list = await publish();
        return { deletedId: id, deletedPositions: history.positions, list };
      },

      'profiles.select': async ({ id }) => {
        const updated = await db()
          .updateTable('users')
          .set({ selected_at: sql<Date>`clock_timestamp()` })
          .where('id', '=', id)
          .executeTakeFirst();
        if (updated.numUpdatedRows === 0n) await getProfile(db(), id); // throws NOT_FOUND
        return publish();
      },
    },
  };
}
