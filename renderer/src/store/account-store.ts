import { create } from 'zustand';
import type { RequestOf } from '../../../shared/contract';
import type { CredentialStatus } from '../../../shared/domain/credentials';
import { api } from '../api/client';
import { errorMessage } from '../forms/form-failure';
import { typed } from './loader';
import { useProfiles } from './profiles-store';

interface AccountState {
  /** The active profile's API key status; null until loaded or when there is no profile. */
  status: CredentialStatus | null;
  loadError: string | null;
  checking: boolean;
  load(options?: { verify?: boolean }): Promise<void>;
  /** Validates with the exchange and stores; throws the typed error (e.g. CONFLICT for withdrawal keys). */
  save(request: RequestOf<'credentials.set'>): Promise<CredentialStatus>;
  remove(): Promise<void>;
}

export const useAccount = create<AccountState>((set) => ({
  status: null,
  loadError: null,
  checking: false,
  async load(options = {}) {
    const profileId = useProfiles.getState().list?.activeProfileId ?? null;
    if (profileId === null) {
      set({ status: null, loadError: null });
      return;
    }
    if (options.verify) set({ checking: true });
    try {
      const status = await api.invoke('credentials.get', { profileId, verify: options.verify ?? false });
      // Ignore an answer for a profile that is no longer the active one.
      if (useProfiles.getState().list?.activeProfileId === profileId) set({ status, loadError: null });
    } catch (error) {
      set({ loadError: errorMessage(error) });
    } finally {
      set({ checking: false });
    }
  },
  async save(request) {
    const status = await typed(api.invoke('credentials.set', request));
    set({ status, loadError: null });
    return status;
  },
  async remove() {
    const profileId = useProfiles.getState().list?.activeProfileId;
    if (!profileId) return;
    set({ status: await typed(api.invoke('credentials.delete', { profileId })) });
  },
}));

// Follow the active profile: switching profiles shows that profile's key.
let shownProfileId: number | null = null;
useProfiles.subscribe((state) => {
  const active = state.list?.activeProfileId ?? null;
  if (active === shownProfileId) return;
  shownProfileId = active;
  useAccount.setState({ status: null });
  void useAccount.getState().load();
});
