import { useState, type FormEvent } from 'react';
import type { CredentialStatus } from '../../../shared/domain/credentials';
import { TextField } from '../forms/Field';
import { asSynthexError, formFailure, type FormFailure } from '../forms/form-failure';
import { useAccount } from '../store/account-store';
import { describeEnvironment, type EnvironmentChoice } from './EnvironmentPicker';

const labels = { apiKey: 'API key', apiSecret: 'API secret' };

/**
 * Paste key and secret, validate with Bybit, store. The secret lives in this form's state only until the
 * call returns; nothing the core answers ever contains it. The environment comes from Settings
 * (Application → Exchange), which owns it; this form only says which one the key is checked against.
 */
export function KeyEntry({
  profileId,
  choice,
  submitLabel,
  onSaved,
  unavailable,
}: {
  profileId: number;
  choice: EnvironmentChoice;
  submitLabel: string;
  onSaved(status: CredentialStatus): void;
  /** Why keys cannot be stored here (no vault): the form is shown disabled, so nothing is pasted in vain. */
  unavailable?: string | null;
}) {
  const save = useAccount((state) => state.save);
  const [apiKey, setApiKey] = useState('');
  const [apiSecret, setApiSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [withdrawalWarning, setWithdrawalWarning] = useState<string | null>(null);
  const [confirmWithdrawal, setConfirmWithdrawal] = useState(false);
  const disabled = Boolean(unavailable);
  // Neither the key nor the secret is a word: no suggestions, no spelling marks.
  const secretInput = { autoComplete: 'off', spellCheck: false, disabled } as const;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const custom = choice.environment === 'custom';
      const status = await save({
        profileId,
        environment: choice.environment,
        customRestUrl: custom ? choice.customRestUrl.trim() || null : null,
        customWsUrl: custom ? choice.customWsUrl.trim() || null : null,
        apiKey,
        apiSecret,
        confirmWithdrawalPermission: withdrawalWarning !== null && confirmWithdrawal,
      });
      setApiKey('');
      setApiSecret('');
      setWithdrawalWarning(null);
      onSaved(status);
    } catch (thrown) {
      const error = asSynthexError(thrown);
      if (error.code === 'CONFLICT' && /withdraw/i.test(error.message)) setWithdrawalWarning(error.message);
      else setFailure(formFailure(error, labels));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="key-entry" onSubmit={(event) => void submit(event)} noValidate aria-busy={busy}>
      {unavailable && (
        <p className="callout callout-bad" role="alert">
          API keys cannot be stored yet: {unavailable}
        </p>
      )}
      <p className="muted small">
        Checked against <strong>{describeEnvironment(choice)}</strong>.
      </p>
      <TextField
        id="apiKey"
        label={labels.apiKey}
        error={failure?.fields.apiKey}
        {...secretInput}
        autoFocus={!disabled}
        value={apiKey}
        onChange={setApiKey}
      />
      <TextField
        id="apiSecret"
        label={labels.apiSecret}
        error={failure?.fields.apiSecret}
        hint="Stored encrypted on this computer. Synthex needs Contracts “Orders” and “Positions”; never withdrawal."
        {...secretInput}
        type="password"
        value={apiSecret}
        onChange={setApiSecret}
      />
      {withdrawalWarning && (
        <div className="callout callout-bad" role="alert">
          <p>{withdrawalWarning}</p>
          <label className="choice">
            <input
              type="checkbox"
              checked={confirmWithdrawal}
              onChange={(event) => setConfirmWithdrawal(event.target.checked)}
            />
            <span>I understand this key can withdraw funds and want to store it anyway.</span>
          </label>
        </div>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={disabled || busy || (withdrawalWarning !== null && !confirmWithdrawal)}
        >
          {busy ? 'Validating…' : withdrawalWarning ? 'Store key with withdrawal permission' : submitLabel}
        </button>
        {busy && (
          <span className="muted" role="status">
            <span className="spinner" aria-hidden="true" /> Checking the key with Bybit (
            {describeEnvironment(choice)})…
          </span>
        )}
      </div>
      {failure && !busy && (
        <p className="error-text" role="alert">
          {failure.message}
        </p>
      )}
    </form>
  );
}
