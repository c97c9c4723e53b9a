import { create } from 'zustand';
import { api } from '../api/client';
import type { ConnectionStatus } from '../api/connection';

export const useConnection = create<{ status: ConnectionStatus }>(() => ({
  status: api.connection.current(),
}));

api.connection.onChange((status) => useConnection.setState({ status }));
