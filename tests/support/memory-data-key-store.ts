import type { DataKeyStore, StoredDataKey } from '../../electron/core/vault';

/** A DataKeyStore in memory that records every write, and can be told to fail the next one. */
export function memoryDataKeyStore(initial: StoredDataKey | null = null) {
  let record = initial;
  const writes: StoredDataKey[] = [];
  let failNextWrite = false;
  const store: DataKeyStore = {
    read: async () => record,
    write: async (next) => {
      if (failNextWrite) {
        failNextWrite = false;
        throw new Error('simulated crash while writing the key store');
      }
      record = next;
      writes.push(next);
    },
  };
  return {
    store,
    writes,
    current: () => record,
    failNextWrite: () => {
      failNextWrite = true;
    },
  };
}
