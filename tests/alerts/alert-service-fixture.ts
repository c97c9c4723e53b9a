import { AlertService } from '../../electron/core/alerts/alert-service';
import type { Alert } from '../../shared/domain/alerts';
import { defaultSettings, type Settings } from '../../shared/domain/settings';

/**
 * An AlertService with the default alert settings changed by `alerts` (the returned `settings` can be
 * changed later), a sink that keeps what it shows in `shown`, and a clock that moves 1 ms a read and by
 * `advance(ms)`.
 */
export function alertServiceFixture(alerts: Partial<Settings['alerts']> = {}) {
  const shown: Alert[] = [];
  const settings = { ...defaultSettings.alerts, ...alerts };
  let now = 1_000;
  const service = new AlertService({
    sinks: () => [{ notify: (alert) => shown.push(alert) }],
    alertSettings: () => settings,
    now: () => (now += 1),
  });
  return { shown, settings, service, advance: (ms: number) => (now += ms) };
}
