import type { Kysely } from 'kysely';
import type { UniverseSnapshot } from '../../../shared/domain/universe';
import type { GeneralDb } from '../db';
import { SnapshotStore } from '../universe/snapshot-store';

export interface LatestUniverse {
  snapshot: UniverseSnapshot;
  /** When the refresh that wrote it finished; the start of its UTC day when no run was logged. */
  fetchedAt: Date;
}

/** The date of the newest snapshot the run log knows and when its run finished: one small query. */
async function latestStamp(
  general: Kysely<GeneralDb>,
): Promise<{ fetchDate: string; fetchedAt: Date } | null> {
  const run = await general
    .selectFrom('universe_refresh_runs')
    .select(['fetch_date', 'finished_at'])
    .where('status', '=', 'succeeded')
    .where('fetch_date', 'is not', null)
    .orderBy('fetch_date', 'desc')
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return run?.fetch_date && run.finished_at
    ? { fetchDate: run.fetch_date, fetchedAt: new Date(run.finished_at) }
    : null;
}

/**
 * The newest universe snapshot and how old it really is (a snapshot's date alone can be a day off). With
 * `cached`, the assets are only read again when the run that wrote them changed (a refresh, even the same
 * day), so a preview typed key by key costs one small query here, not four hundred rows.
 */
export async function readLatestUniverse(
  general: Kysely<GeneralDb>,
  cached: LatestUniverse | null = null,
): Promise<LatestUniverse | null> {
  const stamp = await latestStamp(general);
  if (
    stamp &&
    cached &&
    cached.snapshot.fetchDate === stamp.fetchDate &&
    cached.fetchedAt.getTime() === stamp.fetchedAt.getTime()
  )
    return cached;
  const store = new SnapshotStore(general);
  const snapshot = stamp ? await store.forDate(stamp.fetchDate) : null;
  if (snapshot && stamp) return { snapshot, fetchedAt: stamp.fetchedAt };
  // Rows written before the run log existed (or by hand): the newest date, aged from its start.
  const latest = await store.latest();
  return latest ? { snapshot: latest, fetchedAt: new Date(`${latest.fetchDate}T00:00:00Z`) } : null;
}
