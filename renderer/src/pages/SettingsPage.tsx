import { useEffect, useState, type FormEvent } from 'react';
import { exchangeEnvironments } from '../../../shared/domain/settings';
import { AccountSection } from '../components/AccountSection';
import { checkEnvironmentChoice } from '../components/EnvironmentPicker';
import { Panel } from '../components/Panel';
import { featureReady } from '../feature-flags';
import { Field } from '../forms/Field';
import { formFailure, type FormFailure } from '../forms/form-failure';
import { useSettings } from '../store/settings-store';
import { FormStatus } from '../components/FormStatus';
import { UpdatesSection } from './settings/UpdatesSection';
import { BrowserNotificationsField } from './settings/BrowserNotificationsField';
import {
  checkSettingsDraft,
  settingsLabels,
  thresholdKeys,
  toDraft,
  type SettingsDraft,
} from './settings/settings-draft';
import { TradingSettings } from './settings/TradingSettings';

const labels = settingsLabels;

const coming = 'Coming: this setting takes effect once the feature is built.';

export function SettingsPage() {
  const { view, loadError, saving, load, save } = useSettings();
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
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
  const update = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => {
    setSaved(false);
    setDraft({ ...draft, [key]: value });
  };
  const fieldError = (path: keyof typeof labels) => failure?.fields[path];

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // The same URL rules as the core, before anything is sent.
    const urlProblems = checkEnvironmentChoice({
      environment: draft.exchangeEnvironment,
      customRestUrl: draft.customRestUrl ?? '',
      customWsUrl: draft.customWsUrl ?? '',
    });
    const checked = checkSettingsDraft(draft, view.lockedBy);
    const fields = { ...checked.fields, ...urlProblems };
    if (!checked.patch || Object.keys(fields).length > 0) {
      setSaved(false);
      setFailure({ message: 'Check the marked fields.', fields });
      return;
    }
    const patch = checked.patch;
    const result = await save(patch);
    setFailure(result ? formFailure(result, labels) : null);
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
          <p className="muted small">
            Where market data comes from and which Bybit new API keys are checked against.
          </p>
          <Field
            label={labels.exchangeEnvironment}
            lockedBy={locked('exchangeEnvironment')}
            error={fieldError('exchangeEnvironment')}
            id="exchangeEnvironment"
          >
            <select
              id="exchangeEnvironment"
              value={draft.exchangeEnvironment}
              disabled={Boolean(locked('exchangeEnvironment'))}
              onChange={(event) =>
                update('exchangeEnvironment', event.target.value as SettingsDraft['exchangeEnvironment'])
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
              {text('customRestUrl', labels.customRestUrl, 'http://127.0.0.1:9100')}
              {text('customWsUrl', labels.customWsUrl, 'ws://127.0.0.1:9100')}
            </>
          )}
        </Panel>
        <Panel title="Databases">
          {text('userDbUrl', labels.userDbUrl, 'embedded (leave empty)')}
          {text('generalDbUrl', labels.generalDbUrl, 'embedded (leave empty)')}
          <p className="muted small">Database changes take effect at the next start.</p>
        </Panel>
        <TradingSettings draft={draft} errors={failure?.fields ?? {}} onChange={update} />
        <Panel title="Alerts">
          <Field
            label={labels['alerts.drift']}
            id="drift"
            error={fieldError('alerts.drift')}
            hint={featureReady.driftWarnings ? undefined : coming}
          >
            <input
              id="drift"
              type="checkbox"
              checked={draft.drift}
              disabled={!featureReady.driftWarnings}
              onChange={(event) => update('drift', event.target.checked)}
            />
          </Field>
          <Field label={labels['alerts.paused']} id="paused" error={fieldError('alerts.paused')}>
            <input
              id="paused"
              type="checkbox"
              checked={draft.paused}
              onChange={(event) => update('paused', event.target.checked)}
            />
          </Field>
          <p className="muted small">
            Notifications come when a position is opened or fails, becomes altered, when prices go stale, and
            when a PnL crosses one of these thresholds (empty is off). A PnL dancing around a threshold is
            told once.
          </p>
          {thresholdKeys.map((key) => (
            <Field key={key} label={labels[`alerts.${key}`]} error={fieldError(`alerts.${key}`)} id={key}>
              <input
                id={key}
                type="text"
                inputMode="decimal"
                value={draft[key]}
                placeholder="off"
                onChange={(event) => update(key, event.target.value)}
              />
            </Field>
          ))}
          <BrowserNotificationsField />
        </Panel>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          <FormStatus saved={saved} error={failure} />
        </div>
      </form>
      <h2 className="section-title">Updates</h2>
      <UpdatesSection />
    </div>
  );
}
