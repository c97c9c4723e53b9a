export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting';

/** How the UI learns that the link to the core went away and came back (always up in the desktop app). */
export interface ConnectionState {
  current(): ConnectionStatus;
  onChange(listener: (status: ConnectionStatus) => void): () => void;
}
