import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SynthexError } from '../../shared/contract';
import { defaultSettings, settingsPatchSchema } from '../../shared/domain/settings';
import { readEnvironmentOverrides } from '../../electron/core/settings/environment-overrides';
import { jsonFileSettingsStore } from '../../electron/core/settings/json-file-store';
import { SettingsService } from '../../electron/core/settings/settings-service';
import { memorySettingsStore } from '../../electron/core/settings/settings-store';
import { silentLogger } from '../../electron/core/util/logger';

const noOverrides = readEnvironmentOverrides({});

describe('settings service', () => {
  it('starts from the defaults and saves a valid change', () => {
    const store = memorySettingsStore();
    const service = new SettingsService(store, noOverrides, silentLogger);
    expect(service.view().settings).toEqual(defaultSettings);
    const view = service.update({ exchangeEnvironment: 'testnet', alerts: { pnlMovePercent: 5 } });
    expect(view.settings.exchangeEnvironment).toBe('testnet');
    expect(view.settings.alerts).toEqual({
      drift: true,
      pnlMovePercent: 5,
      pnlPositionUsdt: null,
      pnlTotalPercent: null,
      pnlTotalUsdt: null,
      paused: false,
      liquidationDistancePercent: 10,
    });
    expect(store.load()).toMatchObject({ exchangeEnvironment: 'testnet' });
  });

  it('keeps the alert choices saved by a version without PnL thresholds, and changes one field at a time', () => {
    const older = { ...defaultSettings, alerts: { drift: false, pnlMovePercent: 3 } };
    const store = memorySettingsStore(older as never);
    const service = new SettingsService(store, noOverrides, silentLogger);
    expect(service.view().settings.alerts).toMatchObject({ drift: false, pnlMovePercent: 3, paused: false });
    service.update({ alerts: { paused: true } });
    service.update({ alerts: { pnlTotalUsdt: '250' } });
    expect(service.view().settings.alerts).toEqual({
      drift: false,
      pnlMovePercent: 3,
      pnlPositionUsdt: null,
      pnlTotalPercent: null,
      pnlTotalUsdt: '250',
      paused: true,
      // Not in the older file: the liquidation-risk alert starts at its default.
      liquidationDistancePercent: 10,
    });
    // The contract refuses a threshold that is not an amount above zero (before any handler runs).
    for (const bad of ['-5', '0', 'ten', '1e3'])
      expect(settingsPatchSchema.safeParse({ alerts: { pnlTotalUsdt: bad } }).success).toBe(false);
  });

  it('refuses an incoherent change and leaves store and settings untouched', () => {
    const store = memorySettingsStore();
    const service = new SettingsService(store, noOverrides, silentLogger);
    expect(() => service.update({ exchangeEnvironment: 'custom' })).toThrow(SynthexError);
    expect(store.load()).toBeUndefined();
    expect(service.view().settings.exchangeEnvironment).toBe('mainnet');
  });

  it('lets environment variables win and refuses to change what they pin', () => {
    const overrides = readEnvironmentOverrides({
      SYNTHEX_BYBIT_ENV: 'custom',
      SYNTHEX_BYBIT_REST_URL: 'http://127.0.0.1:9',
      SYNTHEX_BYBIT_WS_URL: 'ws://127.0.0.1:9',
    });
    const store = memorySettingsStore({ ...defaultSettings, exchangeEnvironment: 'testnet' });
    const service = new SettingsService(store, overrides, silentLogger);
    expect(service.view().settings.exchangeEnvironment).toBe('custom');
    expect(service.view().lockedBy.exchangeEnvironment).toBe('SYNTHEX_BYBIT_ENV');
    expect(() => service.update({ exchangeEnvironment: 'mainnet' })).toThrow(/SYNTHEX_BYBIT_ENV/);
    expect(store.load()).toMatchObject({ exchangeEnvironment: 'testnet' });
  });

  it('names the variable when an override is unusable', () => {
    expect(() => readEnvironmentOverrides({ SYNTHEX_BYBIT_ENV: 'moon' })).toThrow(/SYNTHEX_BYBIT_ENV/);
    expect(() => readEnvironmentOverrides({ SYNTHEX_USER_DB_URL: 'mysql://x' })).toThrow(
      /SYNTHEX_USER_DB_URL/,
    );
  });

  it('keeps every still-valid field of an outdated saved value', () => {
    const store = memorySettingsStore({ exchangeEnvironment: 'demo', updateChannel: 'nightly', leftover: 1 });
    const service = new SettingsService(store, noOverrides, silentLogger);
    expect(service.view().settings.exchangeEnvironment).toBe('demo');
    expect(service.view().settings.updateChannel).toBe('stable');
  });

  it('notifies listeners after a saved change only', () => {
    const service = new SettingsService(memorySettingsStore(), noOverrides, silentLogger);
    const seen: string[] = [];
    service.onChange((view) => seen.push(view.settings.exchangeEnvironment));
    expect(() => service.update({ exchangeEnvironment: 'custom' })).toThrow();
    service.update({ exchangeEnvironment: 'demo' });
    expect(seen).toEqual(['demo']);
  });
});

describe('json file settings store', () => {
  it('writes owner-only files atomically and reads them back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthex-settings-'));
    const store = jsonFileSettingsStore(join(dir, 'settings.json'), silentLogger);
    expect(store.load()).toBeUndefined();
    store.save({ a: 1 });
    expect(store.load()).toEqual({ a: 1 });
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('moves a corrupt file aside instead of failing or losing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthex-settings-'));
    const path = join(dir, 'settings.json');
    writeFileSync(path, '{"exchangeEnvironment": "test');
    const store = jsonFileSettingsStore(path, silentLogger);
    expect(store.load()).toBeUndefined();
    const aside = readdirSync(dir).find((file) => file.startsWith('settings.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dir, aside!), 'utf8')).toContain('exchangeEnvironment');
  });
});
