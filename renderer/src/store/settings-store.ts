import { create } from 'zustand';
import type { SynthexError } from '../../../shared/contract';
import type { SettingsPatch, SettingsView } from '../../../shared/domain/settings';
import { api } from '../api/client';
import { asSynthexError, errorMessage } from '../forms/form-failure';

interface SettingsState {
  view: SettingsView | null;
  loadError: string | null;
  saving: boolean;
  load(): Promise<void>;
  /** Resolves to null on success, or the error to show beside the form. */
  save(patch: SettingsPatch): Promise<SynthexError | null>;
}

export const useSettings = create<SettingsState>((set) => ({
  view: null,
  loadError: null,
  saving: false,
  async load() {
    try {
      set({ view: await api.invoke('settings.get', {}), loadError: null });
    } catch (error) {
      set({ loadError: errorMessage(error) });
    }
  },
  async save(patch) {
    set({ saving: true });
    try {
      set({ view: await api.invoke('settings.set', patch) });
      return null;
    } catch (error) {
      return asSynthexError(error);
    } finally {
      set({ saving: false });
    }
  },
}));
