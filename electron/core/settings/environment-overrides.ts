import { settingsSchema, type Settings, type SettingsView } from '../../../shared/domain/settings';
import { issuesFromZod, SynthexError } from '../../../shared/contract';

type LockableKey = keyof SettingsView['lockedBy'];

/** Environment variables win over saved settings (docs/architecture.md §8). */
export const settingEnvironmentVariables: Record<LockableKey, string> = {
  exchangeEnvironment: 'SYNTHEX_BYBIT_ENV',
  customRestUrl: 'SYNTHEX_BYBIT_REST_URL',
  customWsUrl: 'SYNTHEX_BYBIT_WS_URL',
  userDbUrl: 'SYNTHEX_USER_DB_URL',
  generalDbUrl: 'SYNTHEX_GENERAL_DB_URL',
};

export interface EnvironmentOverrides {
  values: Partial<Pick<Settings, LockableKey>>;
  lockedBy: SettingsView['lockedBy'];
}

/** Reads and validates the overrides once; a bad value stops start-up with a sentence naming the variable. */
export function readEnvironmentOverrides(env: Record<string, string | undefined>): EnvironmentOverrides {
  const values: Record<string, unknown> = {};
  const lockedBy: SettingsView['lockedBy'] = {};
  for (const [key, variable] of Object.entries(settingEnvironmentVariables) as [LockableKey, string][]) {
    const raw = env[variable]?.trim();
    if (!raw) continue;
    const parsed = settingsSchema.shape[key].safeParse(raw);
    if (!parsed.success) {
      const reason = issuesFromZod(parsed.error)[0]?.message ?? 'invalid value';
      throw new SynthexError(
        'INVALID_PAYLOAD',
        `Environment variable ${variable}=${JSON.stringify(raw)} is not usable: ${reason}`,
      );
    }
    values[key] = parsed.data;
    lockedBy[key] = variable;
  }
  return { values: values as EnvironmentOverrides['values'], lockedBy };
}
