import { SynthexError, type SynthexApi, type SynthexBridge } from '../../../shared/contract';
import { bridgeClient } from './bridge-client';
import type { ConnectionState } from './connection';
import { takePageToken } from './page-token';
import { wsClient } from './ws-client';

declare global {
  interface Window {
    synthex?: SynthexBridge;
  }
}

export type ApiClient = SynthexApi & { connection: ConnectionState };

/** Headless mode's access token for this tab (taken out of the address bar); null on the desktop. */
const pageToken = window.synthex ? null : takePageToken(window);

/** A headless tab opened without the token (a bookmark, a new tab): it can only ask for the printed address. */
export const needsPrintedAddress = !window.synthex && pageToken === null;

/** The desktop app's preload bridge when present; otherwise headless mode's WebSocket with this tab's token. */
export function createApiClient(): ApiClient {
  if (window.synthex) return bridgeClient(window.synthex);
  if (pageToken === null) return withoutToken();
  const token = pageToken;
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return wsClient({
    url: `${scheme}//${window.location.host}/ws?token=${encodeURIComponent(token)}`,
    // The page is refused (403) for a token that is not the current one: that means a restart.
    tokenRefused: async () => {
      const page = await fetch(`${window.location.pathname}?token=${encodeURIComponent(token)}`, {
        method: 'HEAD',
        cache: 'no-store',
      });
      return page.status === 401 || page.status === 403;
    },
  });
}

/** Connects nowhere: every call says what to open instead. */
function withoutToken(): ApiClient {
  return {
    connection: { current: () => 'refused', onChange: () => () => undefined },
    invoke: () =>
      Promise.reject(new SynthexError('UNAVAILABLE', 'Open the address printed in the terminal.')),
    on: () => () => undefined,
  };
}

export const api: ApiClient = createApiClient();
