import Store from 'electron-store';
import {
  type DataKeyStore,
  fromStoredDataKeyJson,
  type StoredDataKeyJson,
  toStoredDataKeyJson,
} from '../core/vault/data-key-store';

/**
 * Desktop adapter: the keychain-wrapped data key in its own electron-store file (vault.json under
 * userData, owner-only). Invalid JSON is not cleared: that file is the only way back to the credentials.
 */
export function electronDataKeyStore(
  store: Pick<Store<{ dataKey?: StoredDataKeyJson }>, 'get' | 'set' | 'path'> = new Store<{
    dataKey?: StoredDataKeyJson;
  }>({ name: 'vault', clearInvalidConfig: false, configFileMode: 0o600 }),
): DataKeyStore {
  return {
    async read() {
      const value = store.get('dataKey');
      return value === undefined ? null : fromStoredDataKeyJson(value, store.path);
    },
    async write(record) {
      store.set('dataKey', toStoredDataKeyJson(record));
    },
  };
}
