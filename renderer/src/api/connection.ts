/**
 * `refused`: the server is up but no longer knows this page's token (headless mode restarted with a
 * new one); reconnecting cannot help, only the new printed address can.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'refused';

/** How the UI learns that the link to the core went away and came back (always up in the desktop app). */
export interface ConnectionState {
  current(): ConnectionStatus;
  onChange(listener: (status: ConnectionStatus) => void): () => void;
}
