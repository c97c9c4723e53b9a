import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannelFor, ipcEventChannel, type SynthexBridge } from '../../shared/contract/api';
import { isChannelName, isEventName } from '../../shared/contract/names';

/**
 * Exposes `window.synthex` and nothing else. Page script never sees ipcRenderer: only these two
 * functions, which refuse names outside the contract before anything is sent. Payloads are parsed
 * in main, so the preload carries the contract's names but not its schemas.
 */
const bridge = {
  invoke: async (channel, payload) => {
    if (!isChannelName(channel)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL', message: `Unknown channel: ${String(channel)}` },
      };
    }
    return ipcRenderer.invoke(ipcChannelFor(channel), payload);
  },
  on: (event, listener) => {
    if (!isEventName(event)) throw new Error(`Unknown event: ${String(event)}`);
    const handler = (_: unknown, name: unknown, payload: unknown) => {
      if (name === event) listener(payload as never);
    };
    ipcRenderer.on(ipcEventChannel, handler);
    return () => {
      ipcRenderer.removeListener(ipcEventChannel, handler);
    };
  },
} satisfies SynthexBridge;

contextBridge.exposeInMainWorld('synthex', bridge);
