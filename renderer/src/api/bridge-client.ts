import { SynthexError, type SynthexApi, type SynthexBridge } from '../../../shared/contract';
import type { ConnectionState } from './connection';

/** Desktop: the preload's bridge; replies become results or `SynthexError`s. */
export function bridgeClient(bridge: SynthexBridge): SynthexApi & { connection: ConnectionState } {
  return {
    connection: { onChange: () => () => {}, current: () => 'connected' },
    async invoke(channel, payload) {
      const reply = await bridge.invoke(channel, payload);
      if (!reply.ok) throw SynthexError.from(reply.error);
      return reply.result;
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}
