import { useEffect } from 'react';
import type { UpdateChannel } from '../../../../shared/domain/settings';
import { Badge, type Tone } from '../../components/Badge';
import { ErrorText } from '../../components/FormStatus';
import { Facts, Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ProgressBar';
import { formatTimestamp } from '../../format';
import { useSettings } from '../../store/settings-store';
import { useUpdates } from '../../store/updates-store';
import { describeUpdateState } from './update-state-text';

const tone: Record<string, Tone> = {
  disabled: 'neutral',
  idle: 'good',
  checking: 'neutral',
  available: 'neutral',
  downloading: 'neutral',
  ready: 'warn',
  error: 'bad',
};

/** Settings → Updates: the channel, Check now, the last check, this and the available version. */
export function UpdatesSection() {
  const { status, error, checking, refresh, checkNow, restart } = useUpdates();
  const settings = useSettings();
  useEffect(() => {
    void refresh();
  }, [refresh]);
  if (!status) return <p className={error ? 'error-text' : 'muted'}>{error ?? 'Reading update state…'}</p>;
  const { state } = status;
  const off = state.kind === 'disabled';
  const busy = checking || state.kind === 'checking' || state.kind === 'downloading';
  return (
    <Panel title="Updates" aside={<Badge tone={tone[state.kind] ?? 'neutral'}>{state.kind}</Badge>}>
      <div className="field">
        <label htmlFor="updateChannel">Channel</label>
        <div className="field-control">
          <select
            id="updateChannel"
            value={status.channel}
            disabled={settings.saving}
            onChange={(event) => void settings.save({ updateChannel: event.target.value as UpdateChannel })}
          >
            <option value="stable">stable</option>
            <option value="beta">beta (prereleases)</option>
          </select>
        </div>
      </div>
      <Facts
        rows={[
          [
            'State',
            <span key="state" role="status">
              {describeUpdateState(state)}
            </span>,
          ],
          ['This version', status.currentVersion],
          ['Available version', status.availableVersion ?? '—'],
          ['Last check', status.lastCheckedAt ? formatTimestamp(status.lastCheckedAt) : 'never'],
        ]}
      />
      {state.kind === 'downloading' && (
        <ProgressBar
          label="Update download"
          value={state.percent}
          max={100}
          valueText={`${Math.floor(state.percent)}%`}
        />
      )}
      {status.restartBlockedBy && <p className="muted small">{status.restartBlockedBy}</p>}
      <div className="form-actions">
        <button type="button" disabled={off || busy} onClick={() => void checkNow()}>
          {busy ? 'Checking…' : 'Check now'}
        </button>
        {state.kind === 'ready' && (
          <button type="button" className="primary" onClick={() => void restart()}>
            Restart to update
          </button>
        )}
        <ErrorText error={error} small />
      </div>
    </Panel>
  );
}
