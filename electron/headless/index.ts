import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import packageJson from '../../package.json';
import { createAppCore, type AppCore } from '../core/app-core';
import { fileDataKeyStore } from '../core/vault/file-data-key-store';
import { passphraseKeyProtector } from '../core/vault/passphrase-key-protector';
import { takeVaultPassphrase } from '../core/vault/passphrase-source';
import { openDatabases } from '../core/db';
import { forkNodeChild } from '../core/process/node-fork';
import { jsonFileSettingsStore } from '../core/settings/json-file-store';
import { createConsoleLogger } from '../core/util/logger';
import { parseHeadlessArgs, usage } from './cli-args';
import { startHeadlessServer, type HeadlessServer } from './headless-server';

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
  let server: HeadlessServer | null = null;
  let stopping = false;
  const stop = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { reason });
    await server?.close();
    await core.stop();
    process.exit(exitCode);
  };
  // Handlers go in before anything starts: whoever reads the ready line may signal at once, and a
  // process preempted between printing it and registering them would die of the default action,
  // leaving its postgres behind. A signal during start-up waits for the start to finish (cutting a
  // migration short helps nobody), then stops.
  let started = false;
  let stopRequested: string | null = null;
  const onSignal = (signal: string) => {
    if (started) void stop(signal, 0);
    else if (stopRequested === null) {
      stopRequested = signal;
      logger.info('stop requested while starting: stopping once started', { signal });
    }
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  const core: AppCore = createAppCore({
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
        // The driver lock was lost and another process took it: stop before driving anything more.
        onDriverConflict: (error) => {
          process.stderr.write(`Synthex stops: ${error.message}\n`);
          void stop('another process drives the User Data DB', 1);
        },
      }),
  });
  // Another process driving the User Data DB makes this throw: main().catch says so and exits with 1.
  await core.start();
  server = await startHeadlessServer({
    port: args.port,
    rendererDir: join(here, '../renderer'),
    core,
    logger,
  });
  started = true;
  if (stopRequested !== null) return void stop(stopRequested, 0);
  process.stdout.write(JSON.stringify({ url: server.url }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Synthex could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
