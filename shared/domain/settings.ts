import { z } from 'zod';
import { defaultSlippagePercent, slippagePercentSchema } from './preview';
import { httpUrlSchema, wsUrlSchema } from './url-schemas';

export const exchangeEnvironments = ['mainnet', 'testnet', 'demo', 'custom'] as const;
export const exchangeEnvironmentSchema = z.enum(exchangeEnvironments);
export type ExchangeEnvironment = z.infer<typeof exchangeEnvironmentSchema>;

export const updateChannelSchema = z.enum(['stable', 'beta']);
export type UpdateChannel = z.infer<typeof updateChannelSchema>;

const postgresUrl = z
  .string()
  .trim()
  .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgresql:// URL');

export const settingsSchema = z.object({
  exchangeEnvironment: exchangeEnvironmentSchema,
  /** Base URLs used when the environment is `custom` (the simulator, or a proxy). */
  customRestUrl: httpUrlSchema.nullable(),
  customWsUrl: wsUrlSchema.nullable(),
  /** null = the embedded cluster. */
  userDbUrl: postgresUrl.nullable(),
  generalDbUrl: postgresUrl.nullable(),
  updateChannel: updateChannelSchema,
  /** Worst fill allowed per leg when opening or closing, in % from the price at confirmation. */
  maxSlippagePercent: slippagePercentSchema,
  alerts: z.object({
    /** Notify when a position's real holdings drift from its components. */
    drift: z.boolean(),
    /** Notify when a position's unrealized PnL moves by more than this percentage of its size. */
    pnlMovePercent: z.number().positive().max(100).nullable(),
  }),
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = {
  exchangeEnvironment: 'mainnet',
  customRestUrl: null,
  customWsUrl: null,
  userDbUrl: null,
  generalDbUrl: null,
  updateChannel: 'stable',
  maxSlippagePercent: defaultSlippagePercent,
  alerts: { drift: true, pnlMovePercent: null },
};

export type SettingKey = keyof Settings;

/** A change request: any subset of fields; alerts may be changed field by field. */
export const settingsPatchSchema = settingsSchema
  .omit({ alerts: true })
  .partial()
  .extend({ alerts: settingsSchema.shape.alerts.partial().optional() })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Settings plus the fields an environment variable pins (and which variable), so the UI can lock them. */
export const settingsViewSchema = z.object({
  settings: settingsSchema,
  lockedBy: z.partialRecord(
    z.enum(['exchangeEnvironment', 'customRestUrl', 'customWsUrl', 'userDbUrl', 'generalDbUrl']),
    z.string(),
  ),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;
