import { useEffect, useState, type FormEvent } from 'react';
import type { SynthexError } from '../../../shared/contract';
import { exchangeEnvironments, type Settings, type SettingsPatch } from '../../../shared/domain/settings';
import { AccountSection } from '../components/AccountSection';
import { Panel } from '../components/Panel';
import { useSettings } from '../store/settings-store';
import { FormStatus } from '../components/FormStatus';
import { UpdatesSection } from './settings/UpdatesSection';

type Draft = Omit<Settings, 'alerts'> & { drift: boolean; pnlMovePercent: string };

const toDraft = (settings: Settings): Draft => ({
  ...settings,
  drift: settings.alerts.drift,
  pnlMovePercent: settings.alerts.pnlMovePercent === null ? '' : String(settings.alerts.pnlMovePercent),
});

export function SettingsPage() {
  const { view, loadError, saving, load, save } = useSettings();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<SynthexError | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (view) setDraft(toDraft(view.settings));
  }, [view]);

  if (!view || !draft) {
    return (
      <div className="page">
        <h1>Settings</h1>
        <p className={loadError ? 'error-text' : 'muted'}>{loadError ?? 'Loading settings…'}</p>
      </div>
    );
  }

  const locked = (key: keyof typeof view.lockedBy) => view.lockedBy[key];
  const update = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setSaved(false);
    setDraft({ ...draft, [key]: value });
  };
  const fieldError = (path: string) => error?.issues?.find((issue) => issue.path === path)?.message;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const patch: SettingsPatch = {
      alerts: {
        drift: draft.drift,
        pnlMovePercent: draft.pnlMovePercent.trim() === '' ? null : Number(draft.pnlMovePercent),
      },
    };
    const editable = [
      'exchangeEnvironment',
      'customRestUrl',
      'customWsUrl',
      'userDbUrl',
      'generalDbUrl',
    ] as const;
    for (const key of editable) {
      if (locked(key)) continue;
      const value = draft[key];
      (patch as Record<string, unknown>)[key] =
        typeof value === 'string' && value.trim() === '' ? null : value;
    }
    const result = await save(patch);
    setError(result);
    setSaved(result === null);
  };

  const text = (
    key: 'customRestUrl' | 'customWsUrl' | 'userDbUrl' | 'generalDbUrl',
    label: string,
    placeholder: string,
  ) => (
    <Field label={label} lockedBy={locked(key)} error={fieldError(key)} id={key}>
      <input
        id={key}
        type="text"
        spellCheck={false}
        value={draft[key] ?? ''}
        placeholder={placeholder}
        disabled={Boolean(locked(key))}
        onChange={(event) => update(key, event.target.value)}
        aria-invalid={Boolean(fieldError(key))}
      />
    </Field>
  );

  return (
    <div className="page">
      <h1>Settings</h1>
      <h2 className="section-title">Account</h2>
      <AccountSection />
      <h2 className="section-title">Application</h2>
      <form className="settings-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <Panel title="Exchange">
          <Field
            label="Environment"
            lockedBy={locked('exchangeEnvironment')}
            error={fieldError('exchangeEnvironment')}
            id="exchangeEnvironment"
          >
            <select
              id="exchangeEnvironment"
              value={draft.exchangeEnvironment}
              disabled={Boolean(locked('exchangeEnvironment'))}
              onChange={(event) =>
                update('exchangeEnvironment', event.target.value as Draft['exchangeEnvironment'])
              }
            >
              {exchangeEnvironments.map((environment) => (
                <option key={environment} value={environment}>
                  {environment}
                </option>
              ))}
            </select>
          </Field>
          {draft.exchangeEnvironment === 'custom' && (
            <>
              {text('customRestUrl', 'REST base URL', 'http://127.0.0.1:9000')}
              {text('customWsUrl', 'WebSocket base URL', 'ws://127.0.0.1:9000')}
            </>
          )}
        </Panel>
        <Panel title="Databases">
          {text('userDbUrl', 'User Data DB', 'embedded (leave empty)')}
          {text('generalDbUrl', 'General Data DB', 'embedded (leave empty)')}
          <p className="muted small">Database changes take effect at the next start.</p>
        </Panel>
        <Panel title="Alerts">
          <Field label="Drift warnings" id="drift">
            <input
              id="drift"
              type="checkbox"
              checked={draft.drift}
              onChange={(event) => update('drift', event.target.checked)}
            />
          </Field>
          <Field
            label="Notify on PnL move (% of size)"
            error={fieldError('alerts.pnlMovePercent')}
            id="pnlMovePercent"
          >
            <input
              id="pnlMovePercent"
              type="text"
              inputMode="decimal"
              value={draft.pnlMovePercent}
              placeholder="off"
              onChange={(event) => update('pnlMovePercent', event.target.value)}
            />
          </Field>
        </Panel>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          <FormStatus saved={saved} error={error} />
        </div>
      </form>
      <h2 className="section-title">Updates</h2>
      <UpdatesSection />
    </div>
  );
}

function Field(props: {
  label: string;
  id: string;
  lockedBy?: string | undefined;
  error?: string | undefined;
  children: React.ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <div className="field-control">
        {props.children}
        {props.lockedBy && <span className="muted small">Set by {props.lockedBy}</span>}
        {props.error && <span className="error-text small">{props.error}</span>}
      </div>
    </div>
  );
}
