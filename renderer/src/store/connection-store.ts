import { create } from 'zustand';
import { api } from '../api/client';
import type { ConnectionStatus } from '../api/connection';

export const useConnection = create<{ status: ConnectionStatus }>(() => ({
  status: api.connection.current(),
}));

api.connection.onChange((status) => useConnection.setState({ status }));

/**
 * Lost after it was up (reconnecting, or refused after a restart): every live figure on screen is then the
 * last one received and reads "stale" until the connection is back. Never true in the desktop app.
 */
export const isOffline = (status: ConnectionStatus) => status === 'reconnecting' || status === 'refused';

export const useOffline = () => useConnection((state) => isOffline(state.status));
