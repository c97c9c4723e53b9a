import { create } from 'zustand';
import type { SynthexError } from '../../../shared/contract';
import type { SettingsPatch, SettingsView } from '../../../shared/domain/settings';
import { api } from '../api/client';
import { asSynthexError } from '../forms/form-failure';
import { loader } from './loader';

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
  load: loader(set, 'loadError', 'view', () => api.invoke('settings.get', {})),
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
