import { EmptyState } from '../components/EmptyState';
import { Facts, Panel } from '../components/Panel';
import { useSystem } from '../store/system-store';

export function DashboardPage() {
  const status = useSystem((state) => state.status);
  return (
    <div className="page">
      <h1>Dashboard</h1>
      <div className="grid">
        <Panel title="Synthetic positions">
          <EmptyState title="No open positions">
            Open a basket of USDT perpetuals — for example the ten largest coins by market cap — from one USDT
            amount, and follow it here as one position with one PnL.
          </EmptyState>
        </Panel>
        <Panel title="Account">
          <Facts
            rows={[
              ['Exchange', status?.exchange.environment ?? '—'],
              ['API key', 'not connected'],
              ['Universe poller', status?.poller.state ?? '—'],
            ]}
          />
        </Panel>
      </div>
    </div>
  );
}
