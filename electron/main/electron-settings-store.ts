import Store from 'electron-store';
import type { SettingsStore } from '../core/settings/settings-store';

/** Desktop adapter: settings live in electron-store's JSON file under userData. */
export function electronSettingsStore(): SettingsStore {
  const store = new Store<{ settings?: unknown }>({ name: 'settings', clearInvalidConfig: true });
  return {
    load: () => store.get('settings'),
    save: (value) => store.set('settings', value),
  };
}
