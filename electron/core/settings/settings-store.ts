/** Where settings persist: electron-store in the desktop app, a JSON file in headless mode and tests. */
export interface SettingsStore {
  /** The raw saved value, or undefined when nothing was saved yet. Never throws for a corrupt store. */
  load(): unknown;
  save(value: unknown): void;
}

export function memorySettingsStore(initial?: unknown): SettingsStore {
  let value = initial;
  return {
    load: () => value,
    save: (next) => {
      value = structuredClone(next);
    },
  };
}
