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

/** Both roles unreachable with the reason the databases could not be opened. */
export function failedDatabases(
  urls: { userDbUrl: string | null; generalDbUrl: string | null },
  message: string,
): DatabaseStatusSource {
  const failed = (role: DatabaseStatus['role'], url: string | null): DatabaseStatus => ({
    role,
    mode: url ? 'external' : 'embedded',
    reachable: false,
    revision: null,
    expectedRevision: null,
    message,
  });
  return {
    status: async () => ({
      user: failed('user', urls.userDbUrl),
      general: failed('general', urls.generalDbUrl),
    }),
  };
}
