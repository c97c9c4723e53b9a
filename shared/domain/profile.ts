import { z } from 'zod';
import { displayNameSchema } from './display-name';

/** A local trader profile: one `users` row. Every profile is on the free tier for now. */
export const profileSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  email: z.string().nullable(),
  tier: z.string(),
  hasCredentials: z.boolean(),
  /** Synthetic positions recorded for this profile (any status): deleting it needs a confirmation. */
  positionCount: z.number().int().nonnegative(),
});
export type Profile = z.infer<typeof profileSchema>;

export const profileListSchema = z.object({
  profiles: z.array(profileSchema),
  /** The profile the app works with; remembered in the User Data DB (users.selected_at). */
  activeProfileId: z.number().int().positive().nullable(),
});
export type ProfileList = z.infer<typeof profileListSchema>;

export const profileIdSchema = z.number().int().positive().max(2_147_483_647);

const profileName = displayNameSchema({ empty: 'enter a name' });

const emailFormat = z.email();

/**
 * Lower-cased so the unique constraint treats Me@x.com and me@x.com as one address. An empty string
 * means "no email", so a cleared form field needs no special case. One chain rather than a union, so a
 * bad address is refused with "not an email address" instead of zod's "Invalid input".
 */
const optionalEmail = z
  .string()
  .trim()
  .max(255, 'at most 255 characters')
  .refine((value) => value === '' || emailFormat.safeParse(value).success, 'not an email address')
  .transform((value) => (value === '' ? null : value.toLowerCase()))
  .nullable();

export const profileCreateSchema = z
  .object({
    name: profileName,
    email: optionalEmail.optional().default(null),
    /** Make the new profile the active one (default true: that is what a trader creating one wants). */
    select: z.boolean().optional().default(true),
  })
  .strict();

export const profileUpdateSchema = z
  .object({ id: profileIdSchema, name: profileName.optional(), email: optionalEmail.optional() })
  .strict();

export const profileDeleteSchema = z
  .object({
    id: profileIdSchema,
    /** Required when the profile has recorded positions and trades: they are deleted with it. */
    deleteHistory: z.boolean().optional().default(false),
  })
  .strict();

export const profileSelectSchema = z.object({ id: profileIdSchema }).strict();

export const profileDeletedSchema = z.object({
  deletedId: z.number().int().positive(),
  /** Positions and trades deleted with it. */
  deletedPositions: z.number().int().nonnegative(),
  list: profileListSchema,
});
