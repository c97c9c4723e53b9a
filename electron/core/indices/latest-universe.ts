import type { Kysely } from 'kysely';
import type { UniverseSnapshot } from '../../../shared/domain/universe';
import type { GeneralDb } from '../db';
import { SnapshotStore } from '../universe/snapshot-store';

export interface LatestUniverse {
  snapshot: UniverseSnapshot;
  /** When the refresh that wrote it finished; the start of its UTC day when no run was logged. */
  fetchedAt: Date;
}

/** The newest universe snapshot and how old it really is (a snapshot's date alone can be a day off). */
export async function readLatestUniverse(general: Kysely<GeneralDb>): Promise<LatestUniverse | null> {
  const snapshot = await new SnapshotStore(general).latest();
  if (!snapshot) return null;
  const run = await general
    .selectFrom('universe_refresh_runs')
    .select('finished_at')
    .where('status', '=', 'succeeded')
    .where('fetch_date', '=', snapshot.fetchDate)
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const fetchedAt = run?.finished_at
    ? new Date(run.finished_at)
    : new Date(`${snapshot.fetchDate}T00:00:00Z`);
  return { snapshot, fetchedAt };
}
