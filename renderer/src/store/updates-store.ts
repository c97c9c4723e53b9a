import { create } from 'zustand';
import { SynthexError } from '../../../shared/contract';
import type { UpdatesStatus } from '../../../shared/domain/updates';
import { api } from '../api/client';
import { loader } from './loader';

interface UpdatesState {
  status: UpdatesStatus | null;
  error: string | null;
  checking: boolean;
  refresh(): Promise<void>;
  checkNow(): Promise<void>;
  restart(): Promise<void>;
}

const message = (error: unknown) => (error instanceof SynthexError ? error.message : String(error));

/** `updates.status`, kept live by the `updates.state` event; Check now and Restart to update. */
export const useUpdates = create<UpdatesState>((set) => ({
  status: null,
  error: null,
  checking: false,
  refresh: loader(set, 'error', 'status', () => api.invoke('updates.status', {}), { describe: message }),
  async checkNow() {
    set({ checking: true, error: null });
    try {
      set({ status: await api.invoke('updates.check', {}) });
    } catch (error) {
      set({ error: message(error) });
    } finally {
      set({ checking: false });
    }
  },
  async restart() {
    set({ error: null });
    try {
      await api.invoke('updates.restart', {});
    } catch (error) {
      set({ error: message(error) });
    }
  },
}));

api.on('updates.state', (status) => useUpdates.setState({ status }));
api.connection.onChange((status) => {
  if (status === 'connected') void useUpdates.getState().refresh();
});
