import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import packageJson from '../../package.json';
import { createAppCore } from '../core/app-core';
import { fileDataKeyStore } from '../core/vault/file-data-key-store';
import { passphraseKeyProtector } from '../core/vault/passphrase-key-protector';
import { takeVaultPassphrase } from '../core/vault/passphrase-source';
import { openDatabases } from '../core/db';
import { forkNodeChild } from '../core/process/node-fork';
import { jsonFileSettingsStore } from '../core/settings/json-file-store';
import { createConsoleLogger } from '../core/util/logger';
import { parseHeadlessArgs, usage } from './cli-args';
import { startHeadlessServer } from './headless-server';

/**
 * `npm run serve`: the same core and contract as the desktop app, over a loopback WebSocket, serving
 * the built renderer. Prints exactly one JSON line on stdout when ready; logs go to stderr.
 */
async function main(): Promise<void> {
  // Read once (from the variable or its file), then both variables are gone from process.env before
  // anything starts: no child process inherits them. A refused file stops the start with its message.
  const passphrase = takeVaultPassphrase();
  const logger = createConsoleLogger('headless');
  let args;
  try {
    args = parseHeadlessArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    process.exit(2);
  }
  mkdirSync(args.dataDir, { recursive: true, mode: 0o700 });
  const here = fileURLToPath(new URL('.', import.meta.url));
  const core = createAppCore({
    runtime: {
      mode: 'headless',
      appName: packageJson.productName,
      appVersion: packageJson.version,
      versions: {
        node: process.versions.node,
        electron: null,
        chrome: null,
        platform: `${process.platform}-${process.arch}`,
      },
      dataDir: args.dataDir,
      startedAt: new Date(),
    },
    env: process.env,
    settingsStore: jsonFileSettingsStore(join(args.dataDir, 'settings.json'), logger),
    spawnChild: forkNodeChild,
    pollerEntry: join(here, 'poller.js'),
    logger,
    // The data key is wrapped with the passphrase; without one, credentials say what to set.
    keyProtector: passphraseKeyProtector({ passphrase }),
    dataKeyStore: fileDataKeyStore(join(args.dataDir, 'vault-key.json')),
    openDatabases: (urls, passwordStore) =>
      openDatabases({
        dataDir: args.dataDir,
        passwordStore,
        userDbUrl: urls.userDbUrl ?? undefined,
        generalDbUrl: urls.generalDbUrl ?? undefined,
        migrationsDir: join(here, '../../resources/migrations'),
        logger,
      }),
  });
  await core.start();
  const server = await startHeadlessServer({
    port: args.port,
    rendererDir: join(here, '../renderer'),
    core,
    logger,
  });
  process.stdout.write(JSON.stringify({ url: server.url }) + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    await server.close();
    await core.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Synthex could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
