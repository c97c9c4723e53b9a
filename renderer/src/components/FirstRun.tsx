import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CredentialStatus } from '../../../shared/domain/credentials';
import { formFailure, type FormFailure } from '../forms/form-failure';
import { useAccount } from '../store/account-store';
import { useActiveProfile, useProfiles } from '../store/profiles-store';
import { useSettings } from '../store/settings-store';
import { CredentialSummary } from './CredentialSummary';
import { EnvironmentStep } from './EnvironmentStep';
import { FormStatus } from './FormStatus';
import { choiceFromSettings } from './EnvironmentPicker';
import { KeyEntry } from './KeyEntry';
import { ProfileFields, profileLabels } from './ProfileFields';

type Step = 'profile' | 'environment' | 'key' | 'ready';
const steps: { id: Step; label: string }[] = [
  { id: 'profile', label: 'Profile' },
  { id: 'environment', label: 'Environment' },
  { id: 'key', label: 'API key' },
  { id: 'ready', label: 'Ready' },
];

/** First start: create a profile, choose where its key lives, paste and validate the key. */
export function FirstRun() {
  const active = useActiveProfile();
  const finish = useProfiles((state) => state.finishFirstRun);
  const settings = useSettings((state) => state.view);
  const vault = useAccount((state) => state.status?.vault ?? null);
  const [step, setStep] = useState<Step>(active ? 'environment' : 'profile');
  const [saved, setSaved] = useState<CredentialStatus | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), [step]);
  useEffect(() => {
    if (!settings) void useSettings.getState().load();
  }, [settings]);
  const vaultProblem = vault && !vault.available ? vault.reason : null;

  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">Set up Synthex</h1>
      <ol className="steps" aria-label="Progress">
        {steps.map((item, index) => (
          <li
            key={item.id}
            className={item.id === step ? 'step current' : 'step'}
            aria-current={item.id === step ? 'step' : undefined}
          >
            <span className="step-number">{index + 1}</span> {item.label}
          </li>
        ))}
      </ol>
      <div className="panel first-run-body">
        {step === 'profile' && (
          <>
            <h2 ref={heading} tabIndex={-1}>
              Create your trading profile
            </h2>
            <ProfileForm onCreated={() => setStep('environment')} />
          </>
        )}
        {step === 'environment' && (
          <>
            <h2 ref={heading} tabIndex={-1}>
              Where is your Bybit API key from?
            </h2>
            {vaultProblem && (
              <p className="callout callout-warn" role="note">
                API keys cannot be stored yet: {vaultProblem} You can finish setting up now and add the key
                later.
              </p>
            )}
            <EnvironmentStep onDone={() => setStep('key')} />
          </>
        )}
        {step === 'key' && settings && active && (
          <>
            <h2 ref={heading} tabIndex={-1}>
              Paste the API key and secret
            </h2>
            <p className="muted">
              Synthex checks the key with Bybit before storing it. Create it in Bybit under API Management
              with Contracts “Orders” and “Positions”, without withdrawal.
            </p>
            <KeyEntry
              profileId={active.id}
              choice={choiceFromSettings(settings.settings)}
              submitLabel="Validate and save"
              unavailable={vaultProblem}
              onSaved={(status) => {
                setSaved(status);
                setStep('ready');
              }}
            />
            <div className="form-actions">
              <button type="button" onClick={() => setStep('environment')}>
                Back
              </button>
              <button type="button" className="link-button" onClick={finish}>
                Add the key later
              </button>
            </div>
          </>
        )}
        {step === 'ready' && saved && (
          <>
            <h2 ref={heading} tabIndex={-1}>
              Ready
            </h2>
            <p className="success-text">
              {saved.credential?.monitorOnly
                ? 'The key is stored. Synthex will monitor this account; trading is disabled (see why below).'
                : 'The key is validated and stored. Synthex can trade with it.'}
            </p>
            <CredentialSummary status={saved} />
            <div className="form-actions">
              <button
                type="button"
                className="primary"
                onClick={() => {
                  void useAccount.getState().load();
                  finish();
                }}
              >
                Go to the dashboard
              </button>
            </div>
          </>
        )}
      </div>
    </section>
  );
}

export function ProfileForm({ onCreated }: { onCreated(): void }) {
  const create = useProfiles((state) => state.create);
  const [values, setValues] = useState({ name: '', email: '' });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<FormFailure | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await create(values);
      await useProfiles.getState().load(); // the new profile is the active one from here on
      setFailure(null);
      onCreated();
    } catch (thrown) {
      setFailure(formFailure(thrown, profileLabels.new));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <ProfileFields kind="new" errors={failure?.fields} values={values} onChange={setValues} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create profile'}
        </button>
        <FormStatus error={failure} />
      </div>
    </form>
  );
}
