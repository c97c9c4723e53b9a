import { fileFixture } from '../support/file-fixture';
import { removeTempDirs, startTestCluster, type TestCluster } from './db-test-helpers';

/**
 * One Postgres cluster for a test file (`startTestCluster`), started before its tests; after them it is
 * stopped and the file's temp directories removed.
 */
export function useTestCluster(): TestCluster {
  return fileFixture(startTestCluster, async (cluster) => {
    await cluster?.close();
    removeTempDirs();
  });
}
