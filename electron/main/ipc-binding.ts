import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import {
  channelNames,
  ipcChannelFor,
  ipcEventChannel,
  SynthexError,
  type Reply,
} from '../../shared/contract';
import type { Dispatch } from '../core/rpc/dispatcher';
import type { EventBus } from '../core/rpc/event-bus';
import type { Logger } from '../core/util/logger';
import { isTrustedSender, type SenderFrame } from './trusted-sender';

/** The one module allowed to touch ipcMain (lint enforces it). */
export interface IpcBindingOptions {
  dispatch: Dispatch;
  events: EventBus;
  rendererUrl: string;
  /** Where events go: every live window's webContents. */
  targets: () => WebContents[];
  logger: Logger;
}

export function bindContractToIpc(options: IpcBindingOptions): () => void {
  const { dispatch, events, rendererUrl, logger } = options;
  for (const channel of channelNames) {
    ipcMain.handle(
      ipcChannelFor(channel),
      async (event: IpcMainInvokeEvent, payload: unknown): Promise<Reply> => {
        if (!isTrustedSender(event.senderFrame as SenderFrame | null, rendererUrl)) {
          logger.warn('refused an IPC call from an untrusted frame', {
            channel,
            url: event.senderFrame?.url ?? null,
          });
          return {
            ok: false,
            error: new SynthexError('FORBIDDEN', 'This window may not call Synthex').toContractError(),
          };
        }
        return dispatch(channel, payload, { transport: 'ipc' });
      },
    );
  }
  const unsubscribe = events.subscribe((event, payload) => {
    for (const target of options.targets())
      if (!target.isDestroyed()) target.send(ipcEventChannel, event, payload);
  });
  return () => {
    unsubscribe();
    for (const channel of channelNames) ipcMain.removeHandler(ipcChannelFor(channel));
  };
}
