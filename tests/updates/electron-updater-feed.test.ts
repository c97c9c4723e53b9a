import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as ElectronUpdater from 'electron-updater';
import { electronUpdaterBackend } from '../../electron/main/electron-updater-backend';
import { makeTempDir, removeTempDirs } from '../db/db-test-helpers';
import { recordingLogger } from '../support/recording-logger';

/**
 * The real electron-updater (the version in package.json) against a loopback feed that serves the two
 * channel files electron-builder publishes, latest-linux.yml and beta-linux.yml, with `electron` mocked.
 * Each channel must see the version it should; the download is verified by its sha512.
 */
vi.mock('electron', () => import('../support/fake-electron'));
const electron = await import('electron');
const { electronFake, resetElectronFake } = await import('../support/fake-electron');
// electron-updater is CommonJS and loads Electron with require(): hand it the same fake.
const require = createRequire(import.meta.url);
const electronPath = require.resolve('electron');
require.cache[electronPath] = {
  id: electronPath,
  filename: electronPath,
  loaded: true,
  exports: electron,
} as NodeModule;
const { AppImageUpdater } = require('electron-updater') as typeof ElectronUpdater;

const artifact = (version: string) => Buffer.from(`the Synthex ${version} AppImage, pretend\n`.repeat(2000));
const sha512 = (data: Buffer) => createHash('sha512').update(data).digest('base64');
const channelFile = (version: string) => {
  const file = `Synthex-${version}.AppImage`;
  const data = artifact(version);
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sha512(data)}`,
    `    size: ${data.length}`,
    `path: ${file}`,
    `sha512: ${sha512(data)}`,
    "releaseDate: '2026-03-01T12:00:00.000Z'",
    '',
  ].join('\n');
};
const feed: Record<string, Buffer> = {
  '/latest-linux.yml': Buffer.from(channelFile('1.1.0')),
  '/beta-linux.yml': Buffer.from(channelFile('1.2.0-beta.1')),
  '/Synthex-1.1.0.AppImage': artifact('1.1.0'),
  '/Synthex-1.2.0-beta.1.AppImage': artifact('1.2.0-beta.1'),
};

let server: Server;
let feedUrl: string;
const requested: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    requested.push(path);
    const body = feed[path];
    if (!body) return void response.writeHead(404).end();
    response.writeHead(200, { 'Content-Length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // An installed app: electron-builder writes resources/app-update.yml from the publish config.
  const resources = makeTempDir('synthex-resources-');
  writeFileSync(
    join(resources, 'app-update.yml'),
    `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: synthex-updater\n`,
  );
  (process as unknown as { resourcesPath?: string }).resourcesPath = resources;
  // The updater keeps its downloads in the user's cache folder and checks APPIMAGE before it acts.
  process.env.XDG_CACHE_HOME = makeTempDir('synthex-updater-cache-');
  process.env.APPIMAGE = '/opt/Synthex/Synthex.AppImage';
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  delete process.env.XDG_CACHE_HOME;
  delete process.env.APPIMAGE;
  delete (process as unknown as { resourcesPath?: string }).resourcesPath;
  removeTempDirs();
});

beforeEach(() => {
  resetElectronFake();
  electronFake.isPackaged = true;
  requested.length = 0;
});

/** `builtInFeed`: no SYNTHEX_UPDATE_URL, so the feed comes from app-update.yml as in an installed app. */
function backendAt(version: string, builtInFeed = false) {
  electronFake.version = version;
  return electronUpdaterBackend({
    updater: new AppImageUpdater(),
    logger: recordingLogger(),
    feedUrl: builtInFeed ? null : feedUrl,
  });
}

describe('electron-updater against a local feed', () => {
  it('a stable user sees the stable release from latest-linux.yml', async () => {
    const backend = backendAt('1.0.0');
    backend.setChannel('stable');
    expect(await backend.check()).toEqual({ version: '1.1.0' });
    expect(requested).toEqual(['/latest-linux.yml']);
  });

  it('a beta user sees the prerelease from beta-linux.yml (the feed built into the installer)', async () => {
    const backend = backendAt('1.0.0', true);
    backend.setChannel('beta');
    expect(await backend.check()).toEqual({ version: '1.2.0-beta.1' });
    expect(requested).toEqual(['/beta-linux.yml']);
  });

  it('finds nothing when this version is the channel’s, and never downgrades a beta to stable', async () => {
    const current = backendAt('1.1.0');
    current.setChannel('stable');
    expect(await current.check()).toBeNull();
    const beta = backendAt('1.2.0-beta.1');
    beta.setChannel('stable');
    expect(await beta.check()).toBeNull();
  });

  it('downloads the release with progress and checks its sha512', async () => {
    const backend = backendAt('1.0.0');
    backend.setChannel('stable');
    await backend.check();
    const progress: number[] = [];
    await backend.download((percent) => progress.push(percent));
    expect(requested).toContain('/Synthex-1.1.0.AppImage');
    const cached = join(process.env.XDG_CACHE_HOME!, 'synthex-updater', 'pending', 'Synthex-1.1.0.AppImage');
    expect(readFileSync(cached).equals(artifact('1.1.0'))).toBe(true);
    expect(progress.every((percent) => percent >= 0 && percent <= 100)).toBe(true);
  });

  it('refuses a download whose sha512 does not match the channel file', async () => {
    const genuine = feed['/Synthex-1.2.0-beta.1.AppImage']!;
    feed['/Synthex-1.2.0-beta.1.AppImage'] = Buffer.from(genuine).fill(0x41, 0, 64);
    try {
      const backend = backendAt('1.0.0');
      backend.setChannel('beta');
      await backend.check();
      await expect(backend.download(() => undefined)).rejects.toThrow(/sha512 checksum mismatch/);
    } finally {
      feed['/Synthex-1.2.0-beta.1.AppImage'] = genuine;
    }
  });

  it('refuses to check a feed that is not https:// (loopback http is for tests), given or built in', async () => {
    electronFake.version = '1.0.0';
    for (const url of ['http://updates.example.com/synthex/', 'ftp://updates.example.com/']) {
      const backend = electronUpdaterBackend({
        updater: new AppImageUpdater(),
        logger: recordingLogger(),
        feedUrl: url,
      });
      backend.setChannel('stable');
      await expect(backend.check()).rejects.toThrow(/The update feed .* is not https:\/\//);
    }
    // An installer built with a plain-http feed (or an app-update.yml edited after install).
    const resources = process.resourcesPath;
    const edited = makeTempDir('synthex-resources-http-');
    writeFileSync(
      join(edited, 'app-update.yml'),
      'provider: generic\nurl: http://updates.example.com/synthex/\nupdaterCacheDirName: synthex-updater\n',
    );
    (process as unknown as { resourcesPath: string }).resourcesPath = edited;
    try {
      const backend = backendAt('1.0.0', true);
      backend.setChannel('stable');
      await expect(backend.check()).rejects.toThrow(
        'The update feed http://updates.example.com is not https://: an update could be swapped on its way.',
      );
    } finally {
      (process as unknown as { resourcesPath: string }).resourcesPath = resources;
    }
    expect(requested).toEqual([]);
  });

  it('rejects a feed that is down, for the service to show as an error', async () => {
    electronFake.version = '1.0.0';
    const backend = electronUpdaterBackend({
      updater: new AppImageUpdater(),
      logger: recordingLogger(),
      feedUrl: 'http://127.0.0.1:9/',
    });
    backend.setChannel('stable');
    await expect(backend.check()).rejects.toThrow();
  });
});
