import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { createAppCore, type AppCore } from '../../electron/core/app-core';
import { testKeyProtector } from './test-key-protector';
import { memoryDataKeyStore } from './memory-data-key-store';
import { forkNodeChild } from '../../electron/core/process/node-fork';
import { memorySettingsStore, type SettingsStore } from '../../electron/core/settings/settings-store';
import { silentLogger, type Logger } from '../../electron/core/util/logger';
import { startHeadlessServer, type HeadlessServer } from '../../electron/headless/headless-server';
import { testRuntime } from './test-runtime';

/** A real core (with a stand-in poller child) behind a real headless server on a free port. */
export async function startHarness(
  options: { rendererDir?: string; settingsStore?: SettingsStore; logger?: Logger } = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'synthex-headless-'));
  const core: AppCore = createAppCore({
    runtime: testRuntime(dataDir),
    env: {},
    settingsStore: options.settingsStore ?? memorySettingsStore(),
    spawnChild: forkNodeChild,
    pollerEntry: fileURLToPath(new URL('../fixtures/children/ready.mjs', import.meta.url)),
    logger: silentLogger,
    keyProtector: testKeyProtector(),
    dataKeyStore: memoryDataKeyStore().store,
  });
  await core.start();
  const rendererDir = options.rendererDir ?? mkdtempSync(join(tmpdir(), 'synthex-renderer-'));
  const server: HeadlessServer = await startHeadlessServer({
    port: 0,
    rendererDir,
    core,
    logger: options.logger ?? silentLogger,
  });
  return {
    core,
    server,
    wsUrl: (token = server.token) => `ws://127.0.0.1:${server.port}/ws?token=${encodeURIComponent(token)}`,
    async close() {
      await server.close();
      await core.stop();
    },
  };
}

/** Connects and resolves with the socket, or rejects with the HTTP status the upgrade was refused with. */
export function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Sends one frame and waits for the reply frame with the given id (or the first id-less reply). */
export function request(ws: WebSocket, frame: string, id: unknown = null): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const parsed = JSON.parse(data.toString()) as Record<string, unknown>;
      if ('event' in parsed || parsed.id !== id) return;
      ws.off('message', onMessage);
      resolve(parsed);
    };
    ws.on('message', onMessage);
    ws.send(frame);
  });
}
