import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChannelName, EventName, Reply, RequestOf, ResponseOf } from '../../shared/contract';
import { SynthexError } from '../../shared/contract';
import { createAppCore, type AppCore, type AppCoreDeps } from '../../electron/core/app-core';
import type { DataKeyStore, KeyProtector } from '../../electron/core/vault';
import { fileDataKeyStore } from '../../electron/core/vault/file-data-key-store';
import { passphraseKeyProtector } from '../../electron/core/vault/passphrase-key-protector';
import { openDatabases, type OpenDatabases } from '../../electron/core/db';
import type { SpawnChild } from '../../electron/core/process/child-handle';
import { forkNodeChild } from '../../electron/core/process/node-fork';
import { forkTsxChild } from './tsx-child';
import { memorySettingsStore } from '../../electron/core/settings/settings-store';
import { migrationsDir } from '../db/db-test-helpers';
import { recordingLogger } from './recording-logger';
import { testRuntime } from './test-runtime';
import { testScryptCost } from './test-vault-key';

/** The universe poller's real entry, run from source: refreshes read the simulators for real. */
export const realPoller = {
  entry: fileURLToPath(new URL('../../electron/poller/index.ts', import.meta.url)),
  spawn: forkTsxChild,
};

/** Cheap scrypt for tests; real installs use the default cost. */
export { testScryptCost };

export interface TestCore {
  core: AppCore;
  dataDir: string;
  /** Every log line, as handed to the logger (before redaction), to scan for secrets. */
  logLines: string[];
  /** Every event payload the core emitted, as JSON, to scan for secrets. */
  eventFrames: string[];
  /** Every reply, as JSON, to scan for secrets. */
  replyFrames: string[];
  call<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<Reply>;
  /** The result, or the typed error thrown. */
  invoke<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  events(name: EventName): unknown[];
  /** The databases the core opened, for arranging and inspecting rows. */
  databases(): OpenDatabases;
  stop(): Promise<void>;
}

/**
 * The real app core on a real embedded cluster in `dataDir`, with headless mode's vault adapters (a
 * passphrase from `env`, the key file in the data dir) unless a protector is given.
 */
export async function startTestCore(options: {
  dataDir: string;
  env?: Record<string, string>;
  keyProtector?: KeyProtector;
  dataKeyStore?: DataKeyStore;
  /** The real poller (`realPoller`) to refresh the universe for real; a stand-in that only says ready by default. */
  poller?: { entry: string; spawn: SpawnChild };
  onRotationStep?: AppCoreDeps['onRotationStep'];
  positions?: AppCoreDeps['positions'];
  pnl?: AppCoreDeps['pnl'];
  risk?: AppCoreDeps['risk'];
  prices?: AppCoreDeps['prices'];
}): Promise<TestCore> {
  const env = options.env ?? {};
  let opened: OpenDatabases | null = null;
  const logger = recordingLogger();
  const core = createAppCore({
    runtime: testRuntime(options.dataDir),
    env,
    settingsStore: memorySettingsStore(),
    spawnChild: options.poller?.spawn ?? forkNodeChild,
    pollerEntry:
      options.poller?.entry ?? fileURLToPath(new URL('../fixtures/children/ready.mjs', import.meta.url)),
    logger,
    keyProtector: options.keyProtector ?? passphraseKeyProtector({ env, cost: testScryptCost }),
    dataKeyStore: options.dataKeyStore ?? fileDataKeyStore(join(options.dataDir, 'vault-key.json')),
    onRotationStep: options.onRotationStep,
    positions: options.positions,
    pnl: options.pnl,
    risk: options.risk,
    prices: options.prices,
    openDatabases: async (_urls, passwordStore) =>
      (opened = await openDatabases({ dataDir: options.dataDir, migrationsDir, logger, passwordStore })),
  });
  const emitted: { name: EventName; payload: unknown }[] = [];
  const eventFrames: string[] = [];
  core.events.subscribe((name, payload) => {
    emitted.push({ name, payload });
    eventFrames.push(JSON.stringify({ event: name, payload }));
  });
  await core.start();
  const replyFrames: string[] = [];
  const call = async <C extends ChannelName>(channel: C, payload: RequestOf<C>) => {
    const reply = await core.dispatch(channel, payload, { transport: 'ws' });
    replyFrames.push(JSON.stringify(reply));
    return reply;
  };
  return {
    core,
    dataDir: options.dataDir,
    logLines: logger.lines,
    eventFrames,
    replyFrames,
    call,
    async invoke(channel, payload) {
      const reply = await call(channel, payload);
      if (!reply.ok) throw SynthexError.from(reply.error);
      return reply.result as never;
    },
    events: (name) => emitted.filter((event) => event.name === name).map((event) => event.payload),
    databases: () => {
      if (!opened) throw new Error('the databases did not open');
      return opened;
    },
    stop: () => core.stop(),
  };
}
