import { useEffect, useState } from 'react';
import type { DatabaseStatus, PollerStatus, SystemStatus } from '../../../shared/domain/system';
import { Badge, type Tone } from '../components/Badge';
import { ErrorText } from '../components/FormStatus';
import { Facts, Panel } from '../components/Panel';
import { api } from '../api/client';
import { formatDuration, formatTimestamp } from '../format';
import { describeUpdateState } from './settings/update-state-text';
import { useSystem } from '../store/system-store';

/** Live health of the app: versions, data directory, both databases, the poller process, the exchange. */
export function SystemPage() {
  const { status, error, refresh } = useSystem();
  const now = useNow(1000);
  if (!status) {
    return (
      <div className="page">
        <h1>System</h1>
        <p className={error ? 'error-text' : 'muted'} role={error ? 'alert' : 'status'}>
          {error ?? 'Reading system status…'}
        </p>
      </div>
    );
  }
  return (
    <div className="page">
      <div className="page-title">
        <h1>System</h1>
        <button type="button" onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="grid">
        <Panel title="Application">
          <Facts
            rows={[
              ['Version', `${status.app.name} ${status.app.version}`],
              ['Mode', status.app.mode === 'headless' ? 'Headless (browser)' : 'Desktop'],
              ['Uptime', formatDuration(now - Date.parse(status.startedAt))],
              ['Data directory', <code key="dir">{status.dataDir}</code>],
              ['Node', status.versions.node],
              ['Electron', status.versions.electron ?? '—'],
              ['Chromium', status.versions.chrome ?? '—'],
              ['Platform', status.versions.platform],
            ]}
          />
        </Panel>
        <PollerPanel poller={status.poller} now={now} />
        <DatabasesPanel databases={status.databases} />
        <ExchangePanel exchange={status.exchange} />
        <UpdatesPanel updates={status.updates} />
        <LogsPanel logs={status.logs} />
      </div>
    </div>
  );
}

const pollerTone: Record<PollerStatus['state'], Tone> = {
  ready: 'good',
  starting: 'neutral',
  restarting: 'warn',
  crashed: 'bad',
  stopped: 'neutral',
};

function PollerPanel({ poller, now }: { poller: PollerStatus; now: number }) {
  return (
    <Panel title="Universe poller" aside={<Badge tone={pollerTone[poller.state]}>{poller.state}</Badge>}>
      <Facts
        rows={[
          ['Process id', poller.pid ?? '—'],
          ['In this state for', formatDuration(now - Date.parse(poller.since))],
          ['Restarts', poller.restarts],
          ['Last exit', poller.lastExit ?? 'none'],
        ]}
      />
    </Panel>
  );
}

function DatabasesPanel({ databases }: { databases: SystemStatus['databases'] }) {
  const rows: [string, DatabaseStatus][] = [
    ['User Data', databases.user],
    ['General Data', databases.general],
  ];
  return (
    <Panel title="Databases">
      <table className="table databases-table">
        <colgroup>
          <col className="col-database" />
          <col className="col-where" />
          <col className="col-state" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Database</th>
            <th scope="col">Where</th>
            <th scope="col">State</th>
            <th scope="col">Revision</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, db]) => (
            <tr key={db.role}>
              <th scope="row">{label}</th>
              <td>{db.mode}</td>
              <td>
                <Badge tone={db.reachable ? 'good' : db.mode === 'unconfigured' ? 'neutral' : 'bad'}>
                  {db.reachable ? 'reachable' : 'unreachable'}
                </Badge>
                {db.message && <div className="muted small">{db.message}</div>}
              </td>
              <td>
                {/* Left-aligned and wrapping: revision ids differ in length and can be long. */}
                <code className="revision">{db.revision ?? '—'}</code>
                {db.expectedRevision && db.revision !== db.expectedRevision && (
                  <div className="muted small">
                    app expects <code className="revision">{db.expectedRevision}</code>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

function ExchangePanel({ exchange }: { exchange: SystemStatus['exchange'] }) {
  return (
    <Panel
      title="Exchange"
      aside={
        <Badge tone={exchange.environment === 'mainnet' ? 'warn' : 'neutral'}>{exchange.environment}</Badge>
      }
    >
      <Facts
        rows={[
          ['REST', <code key="rest">{exchange.restUrl}</code>],
          ['Market stream', <code key="ws">{exchange.wsUrl}</code>],
          [
            'Reachable',
            exchange.reachability.state === 'unreachable' ? (
              <span key="r" className="error-text">
                no: {exchange.reachability.message}
              </span>
            ) : exchange.reachability.state === 'reachable' ? (
              'yes'
            ) : (
              'checking…'
            ),
          ],
          ['Meaning', environmentMeaning[exchange.environment]],
        ]}
      />
    </Panel>
  );
}

function UpdatesPanel({ updates }: { updates: SystemStatus['updates'] }) {
  return (
    <Panel
      title="Updates"
      aside={<Badge tone={updates.state.kind === 'error' ? 'bad' : 'neutral'}>{updates.state.kind}</Badge>}
    >
      <Facts
        rows={[
          ['State', describeUpdateState(updates.state)],
          ['Channel', updates.channel],
          ['Last check', updates.lastCheckedAt ? formatTimestamp(updates.lastCheckedAt) : 'never'],
        ]}
      />
    </Panel>
  );
}

/** Where the log files are, and on the desktop a button that opens the folder. */
function LogsPanel({ logs }: { logs: SystemStatus['logs'] }) {
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    setError(null);
    try {
      await api.invoke('system.openLogFolder', {});
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <Panel title="Logs">
      <Facts
        rows={[
          [
            'Location',
            logs.directory ? <code key="logs">{logs.directory}</code> : 'standard error (JSON lines)',
          ],
        ]}
      />
      {logs.directory && (
        <div className="form-actions">
          <button type="button" onClick={() => void open()}>
            Open logs folder
          </button>
          <ErrorText error={error} small />
        </div>
      )}
    </Panel>
  );
}

const environmentMeaning: Record<SystemStatus['exchange']['environment'], string> = {
  mainnet: 'Real account, real money',
  testnet: 'Bybit testnet: test funds',
  demo: 'Bybit demo trading: simulated funds on mainnet prices',
  custom: 'Custom endpoint (for example the Synthex simulator)',
};

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
