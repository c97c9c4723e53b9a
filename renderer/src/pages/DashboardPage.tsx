import { ExchangeUnreachable } from '../components/ExchangeUnreachable';
import { FirstRun } from '../components/FirstRun';
import { AccountStrip } from './cockpit/AccountStrip';
import { Facts, Panel } from '../components/Panel';
import { goTo } from '../store/navigation';
import { OpenPositionsPanel } from './positions/OpenPositionsPanel';
import { PnlSummaryPanel } from './dashboard/PnlSummaryPanel';
import { RiskSchedulePanel } from './dashboard/RiskSchedulePanel';
import { useAccount } from '../store/account-store';
import { useActiveProfile, useProfiles } from '../store/profiles-store';
import { useSystem } from '../store/system-store';

export function DashboardPage() {
  const status = useSystem((state) => state.status);
  const firstRun = useProfiles((state) => state.firstRun);
  const profilesError = useProfiles((state) => state.loadError);
  const profile = useActiveProfile();
  const account = useAccount((state) => state.status);
  if (firstRun) {
    return (
      <div className="page">
        <FirstRun />
      </div>
    );
  }
  const credential = account?.credential ?? null;
  const keyText = !profile
    ? 'no profile'
    : !credential
      ? 'not connected'
      : `${credential.maskedKey} · ${credential.monitorOnly ? 'monitor only' : 'trading enabled'}`;
  return (
    <div className="page">
      <h1>Dashboard</h1>
      <ExchangeUnreachable />
      {credential && <AccountStrip />}
      <div className="grid">
        <PnlSummaryPanel />
        <OpenPositionsPanel />
        <RiskSchedulePanel />
        <Panel title="Account">
          {profilesError && (
            <p className="error-text" role="alert">
              {profilesError}
            </p>
          )}
          {credential?.monitorOnlyReason && (
            <p className="callout callout-warn">{credential.monitorOnlyReason}</p>
          )}
          {credential?.canWithdraw && (
            <p className="callout callout-bad">
              This API key can withdraw funds. Replace it in Settings → Account.
            </p>
          )}
          <Facts
            rows={[
              ['Profile', profile?.name ?? '—'],
              [
                'Exchange',
                `${credential?.environment ?? status?.exchange.environment ?? '—'}${
                  status?.exchange.reachability.state === 'unreachable' ? ' · unreachable' : ''
                }`,
              ],
              ['API key', keyText],
              ['Universe poller', status?.poller.state ?? '—'],
            ]}
          />
          {profile && !credential && (
            <button type="button" className="primary" onClick={() => goTo('settings', 'api-key')}>
              Add API key
            </button>
          )}
        </Panel>
      </div>
    </div>
  );
}
