import type pg from 'pg';
import type { DatabaseStatus } from '../../../shared/domain/system';
import type { DatabaseStatusSource } from '../system/database-status';
import { readRevision } from './migrator';

export interface DatabaseProbe {
  role: DatabaseStatus['role'];
  mode: 'embedded' | 'external';
  pool: pg.Pool;
  /** Head of this build's rendered migrations. */
  expectedRevision: string | null;
}

/** Asks each database live, so `system.status` shows an external server going away. */
export function createDatabaseStatusSource(probes: {
  user: DatabaseProbe;
  general: DatabaseProbe;
}): DatabaseStatusSource {
  return {
    status: async () => {
      const [user, general] = await Promise.all([probe(probes.user), probe(probes.general)]);
      return { user, general };
    },
  };
}

async function probe({ role, mode, pool, expectedRevision }: DatabaseProbe): Promise<DatabaseStatus> {
  const base = { role, mode, expectedRevision };
  let client: pg.PoolClient | undefined;
  try {
    client = await pool.connect();
    const revision = await readRevision(client);
    const message =
      revision === expectedRevision
        ? null
        : `Database is at revision ${revision ?? 'base'}, this build expects ${expectedRevision}`;
    return { ...base, reachable: true, revision, message };
  } catch (error) {
    return { ...base, reachable: false, revision: null, message: `Unreachable: ${(error as Error).message}` };
  } finally {
    client?.release();
  }
}
