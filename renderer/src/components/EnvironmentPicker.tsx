import type { ExchangeEnvironment } from '../../../shared/domain/settings';

export interface EnvironmentChoice {
  environment: ExchangeEnvironment;
  customRestUrl: string;
  customWsUrl: string;
}

const descriptions: Record<ExchangeEnvironment, { label: string; detail: string }> = {
  mainnet: { label: 'Mainnet', detail: 'Your real Bybit account and real money.' },
  testnet: { label: 'Testnet', detail: 'testnet.bybit.com: a separate account with test coins.' },
  demo: { label: 'Demo trading', detail: 'Simulated funds inside your mainnet account (demo API keys).' },
  custom: { label: 'Custom URL', detail: 'A Bybit-compatible server, such as the Synthex simulator.' },
};

/** Where the API key lives: a key only works in the environment it was created in. */
export function EnvironmentPicker({
  value,
  onChange,
}: {
  value: EnvironmentChoice;
  onChange(next: EnvironmentChoice): void;
}) {
  return (
    <fieldset className="choice-group">
      <legend>Exchange environment</legend>
      {(Object.keys(descriptions) as ExchangeEnvironment[]).map((environment) => (
        <label key={environment} className="choice">
          <input
            type="radio"
            name="environment"
            value={environment}
            checked={value.environment === environment}
            onChange={() => onChange({ ...value, environment })}
          />
          <span>
            <strong>{descriptions[environment].label}</strong>
            <span className="muted small"> — {descriptions[environment].detail}</span>
          </span>
        </label>
      ))}
      {value.environment === 'custom' && (
        <div className="custom-urls">
          <label htmlFor="customRestUrl">REST base URL</label>
          <input
            id="customRestUrl"
            type="text"
            spellCheck={false}
            placeholder="http://127.0.0.1:9000"
            value={value.customRestUrl}
            onChange={(event) => onChange({ ...value, customRestUrl: event.target.value })}
          />
          <label htmlFor="customWsUrl">WebSocket base URL</label>
          <input
            id="customWsUrl"
            type="text"
            spellCheck={false}
            placeholder="ws://127.0.0.1:9000"
            value={value.customWsUrl}
            onChange={(event) => onChange({ ...value, customWsUrl: event.target.value })}
          />
        </div>
      )}
    </fieldset>
  );
}

export function environmentLabel(environment: ExchangeEnvironment): string {
  return descriptions[environment].label;
}
