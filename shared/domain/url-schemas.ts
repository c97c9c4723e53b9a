import { z } from 'zod';

/** Base URLs typed by a trader: trimmed, the scheme checked, the message saying which scheme is wanted. */
export const httpUrlSchema = z
  .string()
  .trim()
  .regex(/^https?:\/\/\S+$/, 'must be an http(s):// URL');

export const wsUrlSchema = z
  .string()
  .trim()
  .regex(/^wss?:\/\/\S+$/, 'must be a ws(s):// URL');
