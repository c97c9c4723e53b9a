import { z } from 'zod';
import { httpUrlSchema, wsUrlSchema } from './url-schemas';
import { exchangeEnvironmentSchema } from './settings';
import { profileIdSchema } from './profile';

/**
 * Bybit API credentials as the contract sees them. Only `credentials.set`'s request carries the key and
 * secret in; every response shows the masked key (first and last four characters) and nothing more.
 */

/** Which profile: omitted means the active one. */
const target = { profileId: profileIdSchema.optional() };

export const credentialsGetSchema = z
  .object({
    ...target,
    /** Also prove the stored key still works: decrypt it and make a signed read on the exchange. */
    verify: z.boolean().optional().default(false),
  })
  .strict();

export const credentialsSetSchema = z
  .object({
    ...target,
    environment: exchangeEnvironmentSchema,
    /** For 'custom' only; when omitted, the URLs from Settings are used. */
    customRestUrl: httpUrlSchema.nullable().optional(),
    customWsUrl: wsUrlSchema.nullable().optional(),
    apiKey: z
      .string()
      .trim()
      .min(1, 'paste the API key')
      .max(128, 'an API key is at most 128 characters')
      .regex(/^\S+$/, 'an API key has no spaces'),
    /** Up to a PEM private key's length: Bybit also issues RSA keys. */
    apiSecret: z.string().trim().min(1, 'paste the API secret').max(8192, 'too long for an API secret'),
    /** A key that can withdraw funds is refused (CONFLICT) unless this is true. */
    confirmWithdrawalPermission: z.boolean().optional().default(false),
  })
  .strict();

export const credentialsDeleteSchema = z.object(target).strict();

export const credentialsRotateKeySchema = z.object({}).strict();
export const keyRotationSchema = z.object({
  /** Stored API keys re-encrypted under the new data key (every profile's). */
  credentials: z.number().int().nonnegative(),
  rotatedAt: z.string(),
});
export type KeyRotation = z.infer<typeof keyRotationSchema>;

export const permissionsSourceSchema = z.enum(['query-api', 'wallet-read', 'unverified']);

export const storedCredentialSchema = z.object({
  /** "AbCd…WxYz"; fully masked for short keys. Never the full key. */
  maskedKey: z.string(),
  environment: exchangeEnvironmentSchema,
  customRestUrl: z.string().nullable(),
  customWsUrl: z.string().nullable(),
  /** Trading is disabled for this key; `monitorOnlyReason` says why. */
  monitorOnly: z.boolean(),
  monitorOnlyReason: z.string().nullable(),
  readOnly: z.boolean(),
  canWithdraw: z.boolean(),
  withdrawalConfirmedAt: z.string().nullable(),
  /** 'wallet-read' on demo trading, which cannot report a key's permissions. */
  permissionsSource: permissionsSourceSchema,
  /** Bybit's permission groups as query-api reported them, e.g. { ContractTrade: ['Order', 'Position'] }. */
  permissions: z.record(z.string(), z.array(z.string())),
  expiresAt: z.string().nullable(),
  ipRestricted: z.boolean(),
  allowedIps: z.array(z.string()),
  validatedAt: z.string().nullable(),
  updatedAt: z.string(),
  /** Sentences the UI shows as warnings (withdrawal permission, expiry, IP allow-list, unverified permissions). */
  warnings: z.array(z.string()),
});
export type StoredCredential = z.infer<typeof storedCredentialSchema>;

/**
 * What kind of Bybit account the key belongs to, as `/v5/account/info` reported it. Only unified trading
 * accounts are accepted (a classic account is refused at key entry with how to upgrade).
 */
export const accountModeSchema = z.object({
  /** Unified trading account 2.0 or 1.0. */
  accountType: z.enum(['UTA2', 'UTA1']),
  /** Account-wide margin mode: cross (REGULAR_MARGIN), isolated or portfolio. */
  marginMode: z.enum(['REGULAR_MARGIN', 'ISOLATED_MARGIN', 'PORTFOLIO_MARGIN']),
  /** A sentence to show with the account, e.g. that under portfolio margin Bybit's own margin check decides. */
  note: z.string().nullable(),
});
export type AccountMode = z.infer<typeof accountModeSchema>;

/** The outcome of a signed call made just now with the key. */
export const credentialCheckSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    checkedAt: z.string(),
    /** USDT equity of the unified account as Bybit reported it (a decimal string); null when not readable. */
    totalEquity: z.string().nullable(),
    /** The account's kind and margin mode; null when Bybit would not say (e.g. an older demo account). */
    account: accountModeSchema.nullable(),
  }),
  z.object({ ok: z.literal(false), checkedAt: z.string(), message: z.string() }),
]);
export type CredentialCheck = z.infer<typeof credentialCheckSchema>;

export const credentialStatusSchema = z.object({
  profileId: z.number().int().positive(),
  /** Whether keys can be stored and used here; `reason` says exactly what to do when they cannot. */
  vault: z.object({ available: z.boolean(), reason: z.string().nullable() }),
  credential: storedCredentialSchema.nullable(),
  /** Present when the call talked to the exchange (`credentials.set`, `credentials.get` with verify). */
  check: credentialCheckSchema.nullable(),
});
export type CredentialStatus = z.infer<typeof credentialStatusSchema>;
