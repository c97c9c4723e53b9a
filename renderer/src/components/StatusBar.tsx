import { useConnection } from '../store/connection-store';
import { useSystem } from '../store/system-store';
import { Badge } from './Badge';

export function StatusBar() {
  const connection = useConnection((state) => state.status);
  const status = useSystem((state) => state.status);
  const reachability = status?.exchange.reachability;
  return (
    <footer className="status-bar" aria-label="Status">
      {connection === 'connected' ? (
        <Badge tone="good">Connected</Badge>
      ) : connection === 'refused' ? (
        <Badge tone="bad">Synthex restarted</Badge>
      ) : (
        <Badge tone="warn">
          {connection === 'connecting' ? 'Connecting…' : 'Connection lost — reconnecting…'}
        </Badge>
      )}
      {status && (
        <>
          <span>
            {/* The simulator named as one only when it said so (exchange-reachability.ts), never by its URL alone. */}
            Exchange{' '}
            <strong title={status.exchange.restUrl}>
              {reachability?.simulator ? 'Simulator' : status.exchange.environment}
            </strong>
            {reachability?.state === 'unreachable' && (
              <>
                {' '}
                <Badge tone="bad">unreachable</Badge>
              </>
            )}
          </span>
          <span>
            {status.app.name} {status.app.version} · {status.app.mode}
          </span>
        </>
      )}
    </footer>
  );
}
