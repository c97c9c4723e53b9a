import { z } from 'zod';
import { contractErrorSchema } from './errors';

/** What a call resolves to on either transport: a result or a typed error, never a thrown string. */
export const replySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: contractErrorSchema }),
]);
export type Reply = z.infer<typeof replySchema>;

/** Headless WebSocket frames (docs/architecture.md §5). Ids are chosen by the client and echoed back. */
export const wsRequestIdSchema = z.union([z.number().int().nonnegative(), z.string().min(1).max(64)]);

export const wsRequestSchema = z.object({
  id: wsRequestIdSchema,
  channel: z.string(),
  payload: z.unknown(),
});
export type WsRequest = z.infer<typeof wsRequestSchema>;

export type WsReply = { id: z.infer<typeof wsRequestIdSchema> | null } & Reply;

export const wsServerFrameSchema = z.union([
  z.object({ id: wsRequestIdSchema.nullable(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: wsRequestIdSchema.nullable(), ok: z.literal(false), error: contractErrorSchema }),
  z.object({ event: z.string(), payload: z.unknown() }),
]);
export type WsServerFrame = z.infer<typeof wsServerFrameSchema>;
