import { useState } from 'react';
import type { SettingsPatch } from '../../../shared/domain/settings';
import { formFailure } from '../forms/form-failure';
import { useSettings } from '../store/settings-store';
import {
  checkEnvironmentChoice,
  choiceFromSettings,
  customUrlLabels,
  EnvironmentPicker,
  type EnvironmentChoice,
  type EnvironmentErrors,
} from './EnvironmentPicker';
import { ExchangeUnreachable } from './ExchangeUnreachable';
import { ErrorText } from './FormStatus';

/** The simulator's address when started as the README says (`npm run sim -- --port 9100`). */
export const localSimulator: EnvironmentChoice = {
  environment: 'custom',
  customRestUrl: 'http://127.0.0.1:9100',
  customWsUrl: 'ws://127.0.0.1:9100',
};

/**
 * First run, step 2: which Bybit the app talks to. Settings (Application → Exchange) own this choice,
 * so Continue saves it there; the URLs are checked as they are typed and again by the core.
 */
export function EnvironmentStep({ onDone }: { onDone(): void }) {
  const { view, save, saving } = useSettings();
  const [choice, setChoice] = useState<EnvironmentChoice | null>(null);
  const [errors, setErrors] = useState<EnvironmentErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  if (!view) return <p className="muted">Reading settings…</p>;
  const current = choice ?? choiceFromSettings(view.settings);
  const lockedBy = view.lockedBy.exchangeEnvironment;

  const change = (next: EnvironmentChoice) => {
    setChoice(next);
    setMessage(null);
    // Checked as typed once the trader has tried to continue, so a half-typed URL is not flagged early.
    if (touched) setErrors(checkEnvironmentChoice(next));
  };

  const proceed = async () => {
    setTouched(true);
    const found = checkEnvironmentChoice(current);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (!lockedBy) {
      const patch: SettingsPatch = { exchangeEnvironment: current.environment };
      if (current.environment === 'custom') {
        if (!view.lockedBy.customRestUrl) patch.customRestUrl = current.customRestUrl.trim();
        if (!view.lockedBy.customWsUrl) patch.customWsUrl = current.customWsUrl.trim();
      }
      const refused = await save(patch);
      if (refused) {
        const failure = formFailure(refused, customUrlLabels);
        setErrors(failure.fields);
        setMessage(failure.message);
        return;
      }
    }
    onDone();
  };

  return (
    <>
      <ExchangeUnreachable
        offerSetup={!lockedBy}
        onUseSimulator={() => change(localSimulator)}
        onUseDemo={() => change({ ...current, environment: 'demo' })}
      />
      <EnvironmentPicker value={current} onChange={change} errors={errors} lockedBy={lockedBy} />
      <p className="muted small">
        Market data and API keys both come from this environment. You can change it later in Settings →
        Application → Exchange.
      </p>
      <div className="form-actions">
        <button type="button" className="primary" disabled={saving} onClick={() => void proceed()}>
          Continue
        </button>
        <ErrorText error={message} />
      </div>
    </>
  );
}
