import { z } from 'zod';

/** The first message every supervised child sends once it can take work. */
export const readyMessageSchema = z.object({ type: z.literal('ready') });
/** Asks a child to finish what it is doing and exit 0. */
export const stopMessage = { type: 'stop' } as const;
export const stopMessageSchema = z.object({ type: z.literal('stop') });
