import { useState, type FormEvent } from 'react';
import type { SynthexError } from '../../../shared/contract';
import type { CredentialStatus } from '../../../shared/domain/credentials';
import { useAccount } from '../store/account-store';
import { environmentLabel, type EnvironmentChoice } from './EnvironmentPicker';

/**
 * Paste key and secret, validate with Bybit, store. The secret lives in this form's state only until the
 * call returns; nothing the core answers ever contains it.
 */
export function KeyEntry({
  profileId,
  choice,
  submitLabel,
  onSaved,
}: {
  profileId: number;
  choice: EnvironmentChoice;
  submitLabel: string;
  onSaved(status: CredentialStatus): void;
}) {
  const save = useAccount((state) => state.save);
  const [apiKey, setApiKey] = useState('');
  const [apiSecret, setApiSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SynthexError | null>(null);
  const [withdrawalWarning, setWithdrawalWarning] = useState<string | null>(null);
  const [confirmWithdrawal, setConfirmWithdrawal] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
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
      const failure = thrown as SynthexError;
      if (failure.code === 'CONFLICT' && /withdraw/i.test(failure.message)) {
        setWithdrawalWarning(failure.message);
      } else {
        setError(failure);
      }
    } finally {
      setBusy(false);
    }
  };

  const issue = (path: string) => error?.issues?.find((candidate) => candidate.path === path)?.message;

  return (
    <form className="key-entry" onSubmit={(event) => void submit(event)} noValidate aria-busy={busy}>
      <div className="field">
        <label htmlFor="apiKey">API key</label>
        <div className="field-control">
          <input
            id="apiKey"
            type="text"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
            aria-invalid={Boolean(issue('apiKey'))}
          />
          {issue('apiKey') && <span className="error-text small">{issue('apiKey')}</span>}
        </div>
      </div>
      <div className="field">
        <label htmlFor="apiSecret">API secret</label>
        <div className="field-control">
          <input
            id="apiSecret"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={apiSecret}
            onChange={(event) => setApiSecret(event.target.value)}
            aria-invalid={Boolean(issue('apiSecret'))}
          />
          {issue('apiSecret') && <span className="error-text small">{issue('apiSecret')}</span>}
          <span className="muted small">
            Stored encrypted on this computer. Synthex needs Contracts “Orders” and “Positions”; never
            withdrawal.
          </span>
        </div>
      </div>
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
          disabled={busy || (withdrawalWarning !== null && !confirmWithdrawal)}
        >
          {busy ? 'Validating…' : withdrawalWarning ? 'Store key with withdrawal permission' : submitLabel}
        </button>
        {busy && (
          <span className="muted" role="status">
            <span className="spinner" aria-hidden="true" /> Checking the key with Bybit (
            {environmentLabel(choice.environment)})…
          </span>
        )}
      </div>
      {error && !busy && (
        <p className="error-text" role="alert">
          {error.message}
        </p>
      )}
    </form>
  );
}
