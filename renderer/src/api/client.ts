import type { SynthexApi, SynthexBridge } from '../../../shared/contract';
import { bridgeClient } from './bridge-client';
import type { ConnectionState } from './connection';
import { wsClient } from './ws-client';

declare global {
  interface Window {
    synthex?: SynthexBridge;
  }
}

export type ApiClient = SynthexApi & { connection: ConnectionState };

/** The desktop app's preload bridge when present; otherwise headless mode's WebSocket (token from the page URL). */
export function createApiClient(): ApiClient {
  if (window.synthex) return bridgeClient(window.synthex);
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return wsClient({
    url: `${scheme}//${window.location.host}/ws?token=${encodeURIComponent(token)}`,
    // The page itself is served only with the current token: 403 for this address means a new token.
    tokenRefused: async () => {
      const page = await fetch(window.location.pathname + window.location.search, {
        method: 'HEAD',
        cache: 'no-store',
      });
      return page.status === 401 || page.status === 403;
    },
  });
}

export const api: ApiClient = createApiClient();
