/** The database layer's public surface: the entry points import from here only. */
export {
  openDatabases,
  type OpenDatabases,
  type OpenDatabasesOptions,
  type UserDb,
  type GeneralDb,
} from './open-databases';
export { MigrationRefusedError } from './migration-manifest';
export { DriverConflictError } from './driver-lock';
export type { ClusterPasswordStore } from './password-store';
