import { SynthexError } from '../../../shared/contract';
import type { Settings, SettingsPatch, SettingsView } from '../../../shared/domain/settings';
import type { KeyProtector } from '../vault/key-protector';
import type { SettingsStore } from './settings-store';

export type DatabaseUrlKey = 'userDbUrl' | 'generalDbUrl';
const keys: DatabaseUrlKey[] = ['userDbUrl', 'generalDbUrl'];
const mask = '********';
const format = 'synthex:v1:settings:';

/** The password of a postgresql:// URL, or null when it has none. */
export function passwordOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : null;
  } catch {
    return null;
  }
}

/** The URL as the renderer sees it: the password replaced by asterisks, everything else kept. */
export function maskDatabaseUrl(url: string | null): string | null {
  if (!url || passwordOf(url) === null) return url;
  const parsed = new URL(url);
  parsed.password = mask;
  return parsed.toString();
}

export function maskSettingsView(view: SettingsView): SettingsView {
  const settings: Settings = { ...view.settings };
  for (const key of keys) settings[key] = maskDatabaseUrl(settings[key]);
  return { ...view, settings };
}

export interface SealedDatabaseUrls {
  /** Wraps the real store: URLs with a password are saved sealed, never as text. */
  store: SettingsStore;
  /**
   * Before settings.update: a masked URL sent back unchanged keeps the stored one; a new URL with a
   * password is sealed now (update() then saves it synchronously). Throws UNAVAILABLE with the vault's
   * sentence when there is no key protection to seal with.
   */
  prepare(patch: SettingsPatch, current: Settings): Promise<SettingsPatch>;
  /** At start: the stored sealed URLs, opened; a failure names the setting and why. */
  unseal(): Promise<{ values: Partial<Pick<Settings, DatabaseUrlKey>>; failures: string[] }>;
}

/**
 * A database URL that carries a password is kept sealed by the vault's key protector (the OS keychain
 * on the desktop, the passphrase headless) in the settings file, under `sealed`, and the renderer only
 * ever sees it masked. The protector seals it directly, so a data-key rotation does not touch it.
 */
export function sealedDatabaseUrls(inner: SettingsStore, protector: KeyProtector): SealedDatabaseUrls {
  const sealedFor = new Map<string, string>();
  let loadedSealed: Partial<Record<DatabaseUrlKey, string>> = {};

  const context = (key: DatabaseUrlKey) => `${format}${key}\n`;
  const seal = async (key: DatabaseUrlKey, url: string) =>
    (await protector.wrap(Buffer.from(context(key) + url, 'utf8'))).toString('base64');

  return {
    store: {
      load() {
        const raw = inner.load();
        if (typeof raw !== 'object' || raw === null) return raw;
        const { sealed, ...rest } = raw as Record<string, unknown> & { sealed?: unknown };
        loadedSealed = {};
        if (typeof sealed === 'object' && sealed !== null) {
          for (const key of keys) {
            const value = (sealed as Record<string, unknown>)[key];
            if (typeof value === 'string') loadedSealed[key] = value;
          }
        }
        return rest;
      },
      save(value) {
        const out = { ...(value as Record<string, unknown>) };
        const sealed: Record<string, string> = {};
        for (const key of keys) {
          const url = out[key];
          if (typeof url !== 'string' || passwordOf(url) === null) continue;
          const sealedUrl = sealedFor.get(url) ?? loadedSealed[key];
          // prepare() seals every new URL first; reaching this without it would write the password.
          if (!sealedUrl) throw new SynthexError('INTERNAL', `${key} was not sealed before saving`);
          sealed[key] = sealedUrl;
          out[key] = null;
        }
        inner.save(Object.keys(sealed).length > 0 ? { ...out, sealed } : out);
      },
    },

    async prepare(patch, current) {
      const next: SettingsPatch = { ...patch };
      for (const key of keys) {
        const url = next[key];
        if (url === undefined || url === null) continue;
        if (url === maskDatabaseUrl(current[key]) && url !== current[key]) {
          next[key] = current[key]; // sent back masked, unchanged
          continue;
        }
        if (passwordOf(url) === null) continue;
        const availability = protector.isAvailable();
        if (!availability.ok) {
          throw new SynthexError(
            'UNAVAILABLE',
            `A database URL with a password is stored encrypted, which needs key protection: ${availability.reason} ` +
              'Or leave the password out of the URL and give it to Postgres another way (~/.pgpass).',
            [{ path: key, message: 'needs key protection to store its password' }],
          );
        }
        sealedFor.set(url, await seal(key, url));
        if (key in loadedSealed) delete loadedSealed[key];
      }
      return next;
    },

    async unseal() {
      const values: Partial<Pick<Settings, DatabaseUrlKey>> = {};
      const failures: string[] = [];
      for (const key of keys) {
        const sealed = loadedSealed[key];
        if (!sealed) continue;
        try {
          const text = (await protector.unwrap(Buffer.from(sealed, 'base64'))).toString('utf8');
          if (!text.startsWith(context(key))) throw new Error('the sealed value belongs to another setting');
          const url = text.slice(context(key).length);
          sealedFor.set(url, sealed);
          values[key] = url;
        } catch (error) {
          failures.push(
            `The ${key === 'userDbUrl' ? 'User Data' : 'General Data'} DB URL is stored encrypted and cannot be ` +
              `opened: ${(error as Error).message}`,
          );
        }
      }
      return { values, failures };
    },
  };
}
