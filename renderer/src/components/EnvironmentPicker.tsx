import type { ExchangeEnvironment, Settings } from '../../../shared/domain/settings';
import { httpUrlSchema, wsUrlSchema } from '../../../shared/domain/url-schemas';
import { TextField } from '../forms/Field';

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

export const customUrlLabels = {
  customRestUrl: 'REST base URL',
  customWsUrl: 'WebSocket base URL',
} as const;

const customUrlPlaceholders = {
  customRestUrl: 'http://127.0.0.1:9100',
  customWsUrl: 'ws://127.0.0.1:9100',
} as const;

export type EnvironmentErrors = Partial<Record<keyof typeof customUrlLabels, string>>;

/**
 * The same rules the core applies, checked where the URL is typed: a custom environment needs both
 * base URLs, each with the right scheme. Nothing is returned for the other environments.
 */
export function checkEnvironmentChoice(choice: EnvironmentChoice): EnvironmentErrors {
  if (choice.environment !== 'custom') return {};
  const errors: EnvironmentErrors = {};
  const rules = { customRestUrl: httpUrlSchema, customWsUrl: wsUrlSchema };
  for (const key of Object.keys(rules) as (keyof typeof rules)[]) {
    const value = choice[key].trim();
    if (value === '') {
      errors[key] = 'required for the custom environment';
      continue;
    }
    const parsed = rules[key].safeParse(value);
    if (!parsed.success) errors[key] = parsed.error.issues[0]?.message ?? 'not a URL';
  }
  return errors;
}

export function choiceFromSettings(settings: Settings): EnvironmentChoice {
  return {
    environment: settings.exchangeEnvironment,
    customRestUrl: settings.customRestUrl ?? '',
    customWsUrl: settings.customWsUrl ?? '',
  };
}

/** Where the API key lives: a key only works in the environment it was created in. */
export function EnvironmentPicker({
  value,
  onChange,
  errors = {},
  lockedBy,
}: {
  value: EnvironmentChoice;
  onChange(next: EnvironmentChoice): void;
  errors?: EnvironmentErrors;
  /** The environment variable that pins the choice; the picker is then read-only. */
  lockedBy?: string | undefined;
}) {
  return (
    <fieldset className="choice-group" disabled={Boolean(lockedBy)}>
      <legend>Exchange environment</legend>
      {lockedBy && <p className="muted small">Set by {lockedBy}.</p>}
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
          {(Object.keys(customUrlLabels) as (keyof typeof customUrlLabels)[]).map((key) => (
            <TextField
              key={key}
              id={key}
              label={customUrlLabels[key]}
              error={errors[key]}
              spellCheck={false}
              placeholder={customUrlPlaceholders[key]}
              value={value[key]}
              onChange={(text) => onChange({ ...value, [key]: text })}
            />
          ))}
        </div>
      )}
    </fieldset>
  );
}

export function environmentLabel(environment: ExchangeEnvironment): string {
  return descriptions[environment].label;
}

/** "Custom URL (http://127.0.0.1:9100)" or "Testnet". */
export function describeEnvironment(
  choice: Pick<EnvironmentChoice, 'environment' | 'customRestUrl'>,
): string {
  return choice.environment === 'custom'
    ? `${environmentLabel('custom')} (${choice.customRestUrl})`
    : environmentLabel(choice.environment);
}
