/**
 * Child process for embedded-cluster.test.ts: starts the cluster in argv[2] and exits with
 * process.exit(0) without stopping it, as an app that forgets close() would.
 */
import { join } from 'node:path';
import { startEmbeddedCluster } from '../../electron/core/db/embedded-cluster';
import { filePasswordStore } from '../../electron/core/db/password-store';
import { silentLogger } from '../../electron/core/util/logger';

const dataDir = process.argv[2]!;
await startEmbeddedCluster({
  clusterDir: join(dataDir, 'postgres'),
  passwordStore: filePasswordStore(join(dataDir, 'postgres.password')),
  databases: [],
  logger: silentLogger,
});
process.exit(0);
