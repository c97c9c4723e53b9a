import { useState, type FormEvent } from 'react';
import type { SynthexError } from '../../../shared/contract';
import { useAccount } from '../store/account-store';
import { useActiveProfile, useProfiles } from '../store/profiles-store';
import { CredentialSummary } from './CredentialSummary';
import { EncryptionKeyPanel } from './EncryptionKeyPanel';
import { EnvironmentPicker, type EnvironmentChoice } from './EnvironmentPicker';
import { ProfileForm } from './FirstRun';
import { KeyEntry } from './KeyEntry';
import { Panel } from './Panel';
import { useDefaultEnvironment } from './useDefaultEnvironment';
import { FormStatus } from './FormStatus';

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
  const [name, setName] = useState(profile.name);
  const [email, setEmail] = useState(profile.email ?? '');
  const [error, setError] = useState<SynthexError | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await update({ id: profile.id, name, email });
      setError(null);
      setSaved(true);
    } catch (thrown) {
      setSaved(false);
      setError(thrown as SynthexError);
    }
  };

  const deleteProfile = async () => {
    try {
      await remove({ id: profile.id, deleteHistory: profile.positionCount > 0 });
    } catch (thrown) {
      setConfirmDelete(false);
      setError(thrown as SynthexError);
    }
  };

  return (
    <Panel title="Profile">
      <form onSubmit={(event) => void save(event)} noValidate>
        <div className="field">
          <label htmlFor="editProfileName">Name</label>
          <input
            id="editProfileName"
            type="text"
            value={name}
            onChange={(event) => {
              setSaved(false);
              setName(event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="editProfileEmail">Email (optional)</label>
          <input
            id="editProfileEmail"
            type="text"
            inputMode="email"
            value={email}
            onChange={(event) => {
              setSaved(false);
              setEmail(event.target.value);
            }}
          />
        </div>
        <div className="form-actions">
          <button type="submit">Save profile</button>
          {confirmDelete ? (
            <span className="confirm" role="group" aria-label="Confirm deletion">
              <span className="error-text">
                Delete “{profile.name}” and its API key
                {profile.positionCount > 0
                  ? `, with its history of ${profile.positionCount} position(s) and their trades`
                  : ''}
                ? This cannot be undone.
              </span>
              <button type="button" className="danger" onClick={() => void deleteProfile()}>
                Delete profile
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" className="danger-outline" onClick={() => setConfirmDelete(true)}>
              Delete profile…
            </button>
          )}
          <FormStatus saved={saved} error={error} />
        </div>
      </form>
    </Panel>
  );
}

function ApiKeyPanel() {
  const profile = useActiveProfile()!;
  const { status, loadError, checking, load, remove } = useAccount();
  const defaults = useDefaultEnvironment();
  const [replacing, setReplacing] = useState(false);
  const [choice, setChoice] = useState<EnvironmentChoice | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const environment =
    choice ??
    (status?.credential
      ? {
          environment: status.credential.environment,
          customRestUrl: status.credential.customRestUrl ?? '',
          customWsUrl: status.credential.customWsUrl ?? '',
        }
      : defaults);
  const hasKey = Boolean(status?.credential);

  return (
    <Panel title="Bybit API key">
      {loadError && (
        <p className="error-text" role="alert">
          {loadError}
        </p>
      )}
      {status && !status.vault.available && (
        <p className="callout callout-bad" role="alert">
          API keys cannot be stored or used here: {status.vault.reason}
        </p>
      )}
      {status && <CredentialSummary status={status} />}
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
          {hasKey &&
            (confirmRemove ? (
              <span className="confirm" role="group" aria-label="Confirm removal">
                <span className="error-text">
                  Remove the API key of “{profile.name}”? Synthex will no longer see this account.
                </span>
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    setConfirmRemove(false);
                    remove().catch((thrown: Error) => setError(thrown.message));
                  }}
                >
                  Remove key
                </button>
                <button type="button" onClick={() => setConfirmRemove(false)}>
                  Cancel
                </button>
              </span>
            ) : (
              <button type="button" className="danger-outline" onClick={() => setConfirmRemove(true)}>
                Remove key…
              </button>
            ))}
        </div>
      )}
      {replacing && environment && (
        <div className="replace-key">
          <EnvironmentPicker value={environment} onChange={setChoice} />
          <KeyEntry
            profileId={profile.id}
            choice={environment}
            submitLabel={hasKey ? 'Validate and replace' : 'Validate and save'}
            onSaved={() => setReplacing(false)}
          />
          <button type="button" onClick={() => setReplacing(false)}>
            Cancel
          </button>
        </div>
      )}
    </Panel>
  );
}
