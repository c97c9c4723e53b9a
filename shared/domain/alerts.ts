import { z } from 'zod';

export const alertKinds = [
  'execution.done',
  'execution.failed',
  'position.altered',
  'pnl.threshold',
  'market.stale',
  'position.event',
  'liquidation.risk',
] as const;

/** One notification, as every sink shows it; `key` is what de-duplicates it. */
export const alertSchema = z.object({
  key: z.string(),
  kind: z.enum(alertKinds),
  level: z.enum(['info', 'success', 'warning', 'error']),
  title: z.string(),
  body: z.string(),
  /** The position it is about (clicking it opens that position), or null for the total. */
  positionId: z.number().int().positive().nullable(),
  at: z.string(),
});
export type Alert = z.infer<typeof alertSchema>;
