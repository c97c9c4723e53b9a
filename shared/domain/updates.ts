import { z } from 'zod';
import { updateChannelSchema } from './settings';

/**
 * The auto-updater's state, as VS Code's update service models it: idle → checking → available →
 * downloading(percent) → ready, or error; disabled(reason) when updates are off here.
 */
export const updateStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('disabled'), reason: z.string() }),
  z.object({ kind: z.literal('idle') }),
  z.object({ kind: z.literal('checking') }),
  z.object({ kind: z.literal('available'), version: z.string() }),
  z.object({ kind: z.literal('downloading'), version: z.string(), percent: z.number().min(0).max(100) }),
  z.object({ kind: z.literal('ready'), version: z.string() }),
  z.object({ kind: z.literal('error'), message: z.string() }),
]);
export type UpdateState = z.infer<typeof updateStateSchema>;

export const updatesStatusSchema = z.object({
  state: updateStateSchema,
  channel: updateChannelSchema,
  currentVersion: z.string(),
  /** The newer version found by the last check (while it is available, downloading or ready). */
  availableVersion: z.string().nullable(),
  lastCheckedAt: z.string().nullable(),
  /** Why "Restart to update" would be refused right now (a position is being opened or closed). */
  restartBlockedBy: z.string().nullable(),
});
export type UpdatesStatus = z.infer<typeof updatesStatusSchema>;

export const updatesRestartedSchema = z.object({ restarting: z.literal(true) });
