import { create } from 'zustand';
import type { AccountSummary } from '../../../shared/domain/account';
import { api } from '../api/client';
import { loader, type LoadedState } from './loader';

/**
 * The live account summary of the active profile (account.summary, then account.updated, at most 4 a
 * second); null until the first answer.
 */
export const useAccountSummary = create<LoadedState<'summary', AccountSummary>>((set) => ({
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
