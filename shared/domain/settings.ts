import { z } from 'zod';
import {
  defaultSlippagePercent,
  defaultTrackingErrorAcknowledgePercent,
  slippagePercentSchema,
  trackingErrorPercentSchema,
} from './preview';
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

const usdtThreshold = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, 'must be an amount in USDT, like 50 or 12.5')
  .refine((value) => /[1-9]/.test(value), 'must be above zero');
const percentThreshold = z
  .number('must be a number, such as 5 or 2.5')
  .positive('must be above zero')
  .max(1000, 'must be at most 1000 %');

/** The liquidation-risk alert's distance by default, in %. */
export const defaultLiquidationDistancePercent = 10;

/** The alert settings as a change names them (no defaults: a field left out stays as it is). */
const alertFields = {
  /** Notify when a position's real holdings drift from its components. */
  drift: z.boolean(),
  /** Notify when a position's unrealized PnL crosses ± this percentage of its size. */
  pnlMovePercent: z
    .number('must be a number, such as 5 or 2.5')
    .positive('must be above zero')
    .max(100, 'must be at most 100 %')
    .nullable(),
  /** Notify when a position's unrealized PnL crosses ± this many USDT. */
  pnlPositionUsdt: usdtThreshold.nullable(),
  /** Notify when the total unrealized PnL crosses ± this percentage of the summed sizes. */
  pnlTotalPercent: percentThreshold.nullable(),
  /** Notify when the total unrealized PnL crosses ± this many USDT. */
  pnlTotalUsdt: usdtThreshold.nullable(),
  /** No notification at all while paused (from the tray or Settings). */
  paused: z.boolean(),
  /** Notify when a held coin's mark comes within this % of its liquidation price (once per crossing). */
  liquidationDistancePercent: z
    .number('must be a number, such as 10 or 2.5')
    .positive('must be above zero')
    .max(100, 'must be at most 100 %')
    .nullable(),
};

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
  /**
   * Opening a position whose tracking error (%) is above this, or that leaves out one of its index's five
   * best-ranked coins, needs an acknowledgement naming the legs left out. Defaults for older settings.
   */
  trackingErrorAcknowledgePercent: trackingErrorPercentSchema.default(defaultTrackingErrorAcknowledgePercent),
  // Fields added later default, so settings saved by an older version keep their other alert choices.
  alerts: z.object({
    ...alertFields,
    pnlPositionUsdt: alertFields.pnlPositionUsdt.default(null),
    pnlTotalPercent: alertFields.pnlTotalPercent.default(null),
    pnlTotalUsdt: alertFields.pnlTotalUsdt.default(null),
    paused: alertFields.paused.default(false),
    liquidationDistancePercent: alertFields.liquidationDistancePercent.default(
      defaultLiquidationDistancePercent,
    ),
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
  trackingErrorAcknowledgePercent: defaultTrackingErrorAcknowledgePercent,
  alerts: {
    drift: true,
    pnlMovePercent: null,
    pnlPositionUsdt: null,
    pnlTotalPercent: null,
    pnlTotalUsdt: null,
    paused: false,
    liquidationDistancePercent: defaultLiquidationDistancePercent,
  },
};

export type SettingKey = keyof Settings;

/** A change request: any subset of fields; alerts may be changed field by field. */
export const settingsPatchSchema = settingsSchema
  .omit({ alerts: true })
  .partial()
  // Without the defaults: a field a change leaves out must stay as it is, not go back to its default.
  .extend({
    trackingErrorAcknowledgePercent: trackingErrorPercentSchema.optional(),
    alerts: z.object(alertFields).partial().strict().optional(),
  })
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
