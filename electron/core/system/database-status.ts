import type { DatabaseStatus } from '../../../shared/domain/system';

/** Reports both databases for `system.status`; the database layer provides the real one. */
export interface DatabaseStatusSource {
  status(): Promise<{ user: DatabaseStatus; general: DatabaseStatus }>;
}

export const noDatabases: DatabaseStatusSource = {
  status: async () => ({ user: unconfigured('user'), general: unconfigured('general') }),
};

function unconfigured(role: DatabaseStatus['role']): DatabaseStatus {
  return {
    role,
    mode: 'unconfigured',
    reachable: false,
    revision: null,
    expectedRevision: null,
    message: 'No database is configured',
  };
}
