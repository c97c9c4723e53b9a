import { create } from 'zustand';
import type { SystemStatus } from '../../../shared/domain/system';
import { api } from '../api/client';
import { loader, type LoadedState } from './loader';

/** `system.status` fetched once, then kept live by the `system.status` event and refetched after a reconnect. */
export const useSystem = create<LoadedState<'status', SystemStatus, 'refresh'>>((set) => ({
  status: null,
  error: null,
  refresh: loader(set, 'error', 'status', () => api.invoke('system.status', {})),
}));

api.on('system.status', (status) => useSystem.setState({ status, error: null }));
api.connection.onChange((status) => {
  if (status === 'connected') void useSystem.getState().refresh();
});
void useSystem.getState().refresh();
