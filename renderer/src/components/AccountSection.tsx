import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage, formFailure, type FormFailure } from '../forms/form-failure';
import { useAccount } from '../store/account-store';
import { useRequestedSection } from '../store/navigation';
import { useActiveProfile, useProfiles } from '../store/profiles-store';
import { useSettings } from '../store/settings-store';
import { CredentialSummary } from './CredentialSummary';
import { EncryptionKeyPanel } from './EncryptionKeyPanel';
import { choiceFromSettings, describeEnvironment } from './EnvironmentPicker';
import { ProfileForm } from './FirstRun';
import { KeyEntry } from './KeyEntry';
import { ConfirmAction } from './Confirm';
import { FormStatus } from './FormStatus';
import { Panel } from './Panel';
import { ProfileFields, profileLabels } from './ProfileFields';
import { useConfirmation } from './use-confirmation';

/** Settings → Account: the active profile, its Bybit API key (replace, check, remove), and new profiles. */
export function AccountSection() {
  const profile = useActiveProfile();
  const [creating, setCreating] = useState(false);
  return (
    <div className="account-section">
      {profile ? (
        <>
          <ProfilePanel key={`profile-${profile.id}`} />
          <ApiKeyPanel key={`key-${profile.id}`} />
          <EncryptionKeyPanel />
        </>
      ) : (
        <Panel title="Account">
          <p className="muted">No profile yet.</p>
        </Panel>
      )}
      <Panel title="New profile">
        {creating ? (
          <ProfileForm onCreated={() => setCreating(false)} />
        ) : (
          <button type="button" onClick={() => setCreating(true)}>
            Create another profile
          </button>
        )}
      </Panel>
    </div>
  );
}

function ProfilePanel() {
  const profile = useActiveProfile()!;
  const { update, remove } = useProfiles();
  const [values, setValues] = useState({ name: profile.name, email: profile.email ?? '' });
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [saved, setSaved] = useState(false);
  const deletion = useConfirmation();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await update({ id: profile.id, ...values });
      setFailure(null);
      setSaved(true);
    } catch (thrown) {
      setSaved(false);
      setFailure(formFailure(thrown, profileLabels.edit));
    }
  };

  const deleteProfile = () =>
    deletion.run(() =>
      remove({ id: profile.id, deleteHistory: profile.positionCount > 0 }).catch((thrown: unknown) => {
        deletion.close();
        setFailure(formFailure(thrown));
      }),
    );

  return (
    <Panel title="Profile">
      <form onSubmit={(event) => void save(event)} noValidate>
        <ProfileFields
          kind="edit"
          errors={failure?.fields}
          values={values}
          onChange={(next) => {
            setSaved(false);
            setValues(next);
          }}
        />
        <div className="form-actions">
          <button type="submit">Save profile</button>
          <ConfirmAction
            action={deletion}
            opener="Delete profile…"
            openerClassName="danger-outline"
            onConfirm={deleteProfile}
            label="Confirm deletion"
            confirmLabel="Delete profile"
            tone="danger"
          >
            <span className="error-text">
              Delete “{profile.name}” and its API key
              {profile.positionCount > 0
                ? `, with its history of ${profile.positionCount} position(s) and their trades`
                : ''}
              ? This cannot be undone.
            </span>
          </ConfirmAction>
          <FormStatus saved={saved} error={failure} />
        </div>
      </form>
    </Panel>
  );
}

/**
 * The active profile's key. Its environment is not chosen here: Settings → Application → Exchange owns
 * it (market data and keys come from one place), and this panel shows it, warning when a stored key
 * belongs to another environment.
 */
function ApiKeyPanel() {
  const profile = useActiveProfile()!;
  const { status, loadError, checking, load, remove } = useAccount();
  const settings = useSettings((state) => state.view);
  const section = useRequestedSection();
  const [replacing, setReplacing] = useState(false);
  const removal = useConfirmation();
  const [error, setError] = useState<string | null>(null);
  const panel = useRef<HTMLDivElement>(null);
  const hasKey = Boolean(status?.credential);
  const vaultProblem = status && !status.vault.available ? status.vault.reason : null;

  // "Add API key" elsewhere links here (#/settings/api-key): open the form at once, not one click later.
  useEffect(() => {
    if (section !== 'api-key' || !status) return;
    if (!status.credential && status.vault.available) setReplacing(true);
    panel.current?.scrollIntoView({ block: 'start' });
  }, [section, status]);

  const choice = settings ? choiceFromSettings(settings.settings) : null;
  const credential = status?.credential ?? null;
  const elsewhere =
    credential && choice
      ? credential.environment !== choice.environment ||
        (choice.environment === 'custom' && (credential.customRestUrl ?? '') !== choice.customRestUrl)
      : false;

  return (
    <div ref={panel} className="api-key-panel">
      <Panel title="Bybit API key">
        {loadError && (
          <p className="error-text" role="alert">
            {loadError}
          </p>
        )}
        {vaultProblem && (
          <p className="callout callout-bad" role="alert">
            API keys cannot be stored or used here: {vaultProblem}
          </p>
        )}
        {status && <CredentialSummary status={status} />}
        {choice && !replacing && (
          <p className="muted small">
            Synthex uses <strong>{describeEnvironment(choice)}</strong>; change it under Application →
            Exchange below.
          </p>
        )}
        {elsewhere && choice && credential && (
          <p className="callout callout-warn" role="note">
            This key belongs to{' '}
            {describeEnvironment({
              environment: credential.environment,
              customRestUrl: credential.customRestUrl ?? '',
            })}
            , not to {describeEnvironment(choice)}. Replace it with a key from {describeEnvironment(choice)},
            or switch the environment back.
          </p>
        )}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        {!replacing && (
          <div className="form-actions">
            <button
              type="button"
              className={hasKey ? undefined : 'primary'}
              onClick={() => setReplacing(true)}
              disabled={status?.vault.available === false}
            >
              {hasKey ? 'Replace key…' : 'Add API key…'}
            </button>
            {hasKey && (
              <button type="button" onClick={() => void load({ verify: true })} disabled={checking}>
                {checking ? 'Checking…' : 'Check key now'}
              </button>
            )}
            {hasKey && (
              <ConfirmAction
                action={removal}
                opener="Remove key…"
                openerClassName="danger-outline"
                onConfirm={() => {
                  removal.close();
                  remove().catch((thrown: unknown) => setError(errorMessage(thrown)));
                }}
                label="Confirm removal"
                confirmLabel="Remove key"
                tone="danger"
              >
                <span className="error-text">
                  Remove the API key of “{profile.name}”? Synthex will no longer see this account.
                </span>
              </ConfirmAction>
            )}
          </div>
        )}
        {replacing && choice && (
          <div className="replace-key">
            <KeyEntry
              profileId={profile.id}
              choice={choice}
              submitLabel={hasKey ? 'Validate and replace' : 'Validate and save'}
              unavailable={vaultProblem}
              onSaved={() => setReplacing(false)}
            />
            <button type="button" onClick={() => setReplacing(false)}>
              Cancel
            </button>
          </div>
        )}
      </Panel>
    </div>
  );
}
