import { create } from 'zustand';
import type { AccountSummary } from '../../../shared/domain/account';
import { api } from '../api/client';
import { errorMessage } from '../forms/form-failure';

interface AccountSummaryState {
  /** The active profile's account (account.summary, then account.updated); null until the first answer. */
  summary: AccountSummary | null;
  error: string | null;
  load(): Promise<void>;
}

/** The live account summary of the active profile (account.updated, at most 4 a second). */
export const useAccountSummary = create<AccountSummaryState>((set) => ({
  summary: null,
  error: null,
  async load() {
    try {
      set({ summary: await api.invoke('account.summary', {}), error: null });
    } catch (error) {
      set({ summary: null, error: errorMessage(error) });
    }
  },
}));

api.on('account.updated', (summary) => useAccountSummary.setState({ summary, error: null }));
api.on('profiles.changed', () => void useAccountSummary.getState().load());
api.connection.onChange((status) => {
  if (status === 'connected') void useAccountSummary.getState().load();
});
