import { useEffect } from 'react';
import { useSettings } from '../store/settings-store';
import type { EnvironmentChoice } from './EnvironmentPicker';

/** The environment Settings (or SYNTHEX_BYBIT_ENV) points at: the sensible first choice for a new key. */
export function useDefaultEnvironment(): EnvironmentChoice | null {
  const { view, load } = useSettings();
  useEffect(() => {
    if (!view) void load();
  }, [view, load]);
  if (!view) return null;
  return {
    environment: view.settings.exchangeEnvironment,
    customRestUrl: view.settings.customRestUrl ?? '',
    customWsUrl: view.settings.customWsUrl ?? '',
  };
}
