import { issuesFromZod } from '../../../../shared/contract';
import {
  settingsPatchSchema,
  type Settings,
  type SettingsPatch,
  type SettingsView,
} from '../../../../shared/domain/settings';

/** Field path → label: the paths are the contract's, so a refusal from the core lands on the same field. */
export const settingsLabels = {
  exchangeEnvironment: 'Environment',
  customRestUrl: 'REST base URL',
  customWsUrl: 'WebSocket base URL',
  userDbUrl: 'User Data DB',
  generalDbUrl: 'General Data DB',
  maxSlippagePercent: 'Slippage cap (% per leg)',
  trackingErrorAcknowledgePercent: 'Ask before opening above a tracking error of (%)',
  'alerts.drift': 'Drift warnings',
  'alerts.pnlMovePercent': 'Position PnL beyond ± % of its size',
  'alerts.pnlPositionUsdt': 'Position PnL beyond ± USDT',
  'alerts.pnlTotalPercent': 'Total PnL beyond ± % of the sizes',
  'alerts.pnlTotalUsdt': 'Total PnL beyond ± USDT',
  'alerts.paused': 'Pause alerts',
  'alerts.liquidationDistancePercent': 'A held coin within % of its liquidation price',
  updateChannel: 'Update channel',
} as const;
export type SettingsField = keyof typeof settingsLabels;

export const thresholdKeys = [
  'pnlMovePercent',
  'pnlPositionUsdt',
  'pnlTotalPercent',
  'pnlTotalUsdt',
  'liquidationDistancePercent',
] as const;
type ThresholdKey = (typeof thresholdKeys)[number];
const percentThresholds: readonly ThresholdKey[] = [
  'pnlMovePercent',
  'pnlTotalPercent',
  'liquidationDistancePercent',
];

/** The Settings form as typed: every number is the text in its field until it is saved. */
export type SettingsDraft = Omit<Settings, 'alerts'> & { drift: boolean; paused: boolean } & Record<
    ThresholdKey,
    string
  >;

const thresholdText = (value: string | number | null) => (value === null ? '' : String(value));

export const toDraft = (settings: Settings): SettingsDraft => ({
  ...settings,
  drift: settings.alerts.drift,
  paused: settings.alerts.paused,
  pnlMovePercent: thresholdText(settings.alerts.pnlMovePercent),
  pnlPositionUsdt: thresholdText(settings.alerts.pnlPositionUsdt),
  pnlTotalPercent: thresholdText(settings.alerts.pnlTotalPercent),
  pnlTotalUsdt: thresholdText(settings.alerts.pnlTotalUsdt),
  liquidationDistancePercent: thresholdText(settings.alerts.liquidationDistancePercent),
});

const plainNumber = /^\d+(\.\d+)?$/;
const percentText = (text: string) => text.trim().replace(/\s*%$/, '');

/**
 * One threshold field: empty is off; anything else must be a number. `Number('abc')` is NaN, and NaN
 * crosses the wire as null, so "abc" used to save as off and say Saved: it is refused here instead.
 */
function threshold(key: ThresholdKey, text: string): { value: number | string | null } | { message: string } {
  const value = percentText(text);
  if (value === '') return { value: null };
  if (!plainNumber.test(value))
    return {
      message: percentThresholds.includes(key)
        ? 'must be a number, such as 5 or 2.5'
        : 'must be an amount in USDT, like 50 or 12.5',
    };
  // A percentage travels as a number, an amount as decimal text (the contract checks both).
  return { value: percentThresholds.includes(key) ? Number(value) : value };
}

const editable = [
  'exchangeEnvironment',
  'customRestUrl',
  'customWsUrl',
  'userDbUrl',
  'generalDbUrl',
] as const;

/**
 * The `settings.set` change for a draft, checked with the contract's own schema, or a message for each
 * field at fault (nothing is sent then). Fields an environment variable pins are left out.
 */
export function checkSettingsDraft(
  draft: SettingsDraft,
  lockedBy: SettingsView['lockedBy'],
): { patch: SettingsPatch | null; fields: Partial<Record<SettingsField, string>> } {
  const fields: Partial<Record<SettingsField, string>> = {};
  const alerts: Record<string, unknown> = { drift: draft.drift, paused: draft.paused };
  for (const key of thresholdKeys) {
    const parsed = threshold(key, draft[key]);
    if ('message' in parsed) fields[`alerts.${key}`] = parsed.message;
    else alerts[key] = parsed.value;
  }
  const patch: Record<string, unknown> = {
    maxSlippagePercent: percentText(draft.maxSlippagePercent),
    trackingErrorAcknowledgePercent: percentText(draft.trackingErrorAcknowledgePercent),
    alerts,
  };
  for (const key of editable) {
    if (lockedBy[key]) continue;
    const value = draft[key];
    patch[key] = typeof value === 'string' && value.trim() === '' ? null : value;
  }
  const parsed = settingsPatchSchema.safeParse(patch);
  if (!parsed.success)
    for (const issue of issuesFromZod(parsed.error))
      if (issue.path in settingsLabels) fields[issue.path as SettingsField] ??= issue.message;
  if (Object.keys(fields).length > 0 || !parsed.success) return { patch: null, fields };
  return { patch: parsed.data, fields };
}
