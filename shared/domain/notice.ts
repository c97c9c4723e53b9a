import { z } from 'zod';

export const noticeSchema = z.object({
  level: z.enum(['info', 'success', 'warning', 'error']),
  title: z.string(),
  detail: z.string().nullable(),
  at: z.string(),
});
export type Notice = z.infer<typeof noticeSchema>;
