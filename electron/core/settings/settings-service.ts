import {
  defaultSettings,
  settingsSchema,
  type Settings,
  type SettingsPatch,
  type SettingsView,
} from '../../../shared/domain/settings';
import { SynthexError } from '../../../shared/contract';
import type { Logger } from '../util/logger';
import type { EnvironmentOverrides } from './environment-overrides';
import type { SettingsStore } from './settings-store';

/**
 * Saved settings merged with environment overrides. Updates are validated as a whole before anything
 * is saved, so a rejected change leaves both the store and the effective settings untouched.
 */
export class SettingsService {
  private saved: Settings;
  private readonly listeners = new Set<(view: SettingsView) => void>();

  constructor(
    private readonly store: SettingsStore,
    private readonly overrides: EnvironmentOverrides,
    logger: Logger,
  ) {
    this.saved = loadSaved(store, logger);
  }

  view(): SettingsView {
    return { settings: this.effective(this.saved), lockedBy: { ...this.overrides.lockedBy } };
  }

  update(patch: SettingsPatch): SettingsView {
    const locked = Object.keys(patch).filter(
      (key) => key in this.overrides.lockedBy,
    ) as (keyof SettingsView['lockedBy'])[];
    if (locked.length > 0) {
      const names = locked.map((key) => `${key} (set by ${this.overrides.lockedBy[key]})`).join(', ');
      throw new SynthexError(
        'CONFLICT',
        `These settings are pinned by environment variables and cannot be changed here: ${names}`,
      );
    }
    const next: Settings = {
      ...this.saved,
      ...patch,
      alerts: { ...this.saved.alerts, ...patch.alerts },
    } as Settings;
    assertCoherent(this.effective(next));
    this.store.save(next);
    this.saved = next;
    const view = this.view();
    for (const listener of this.listeners) listener(view);
    return view;
  }

  /** Values opened after loading (the sealed database URLs): in force from now on, not saved again. */
  adopt(values: Partial<Pick<Settings, 'userDbUrl' | 'generalDbUrl'>>): void {
    this.saved = { ...this.saved, ...values };
  }

  onChange(listener: (view: SettingsView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private effective(saved: Settings): Settings {
    return { ...saved, ...this.overrides.values };
  }
}

function assertCoherent(settings: Settings): void {
  if (settings.exchangeEnvironment === 'custom' && (!settings.customRestUrl || !settings.customWsUrl)) {
    throw new SynthexError(
      'INVALID_PAYLOAD',
      'The custom environment needs both a REST base URL and a WebSocket base URL',
      [
        {
          path: settings.customRestUrl ? 'customWsUrl' : 'customRestUrl',
          message: 'required for the custom environment',
        },
      ],
    );
  }
}

/** A saved value that no longer fits the schema (older or hand-edited) keeps every field that still does. */
function loadSaved(store: SettingsStore, logger: Logger): Settings {
  const raw = store.load();
  if (raw === undefined) return structuredClone(defaultSettings);
  const whole = settingsSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const merged: Record<string, unknown> = structuredClone(defaultSettings);
  const source = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  for (const key of Object.keys(settingsSchema.shape) as (keyof Settings)[]) {
    const field = settingsSchema.shape[key].safeParse(source[key]);
    if (field.success) merged[key] = field.data;
    else if (key in source) logger.warn('ignoring an invalid saved setting', { key });
  }
  return merged as Settings;
}
