import { create } from 'zustand';
import type { AccountSummary } from '../../../shared/domain/account';
import { api } from '../api/client';
import { loader } from './loader';

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
  load: loader(set, 'error', 'summary', () => api.invoke('account.summary', {}), {
    failed: { summary: null },
  }),
}));

api.on('account.updated', (summary) => useAccountSummary.setState({ summary, error: null }));
api.on('profiles.changed', () => void useAccountSummary.getState().load());
api.connection.onChange((status) => {
  if (status === 'connected') void useAccountSummary.getState().load();
});
