import { useSystem } from '../store/system-store';
import { environmentLabel } from './EnvironmentPicker';

/**
 * Said wherever the exchange matters when Synthex cannot reach it (no network, a firewall, a stopped
 * simulator). On the first run it also offers the two ways to try Synthex without mainnet.
 */
export function ExchangeUnreachable({
  offerSetup = false,
  onUseSimulator,
  onUseDemo,
}: {
  offerSetup?: boolean;
  onUseSimulator?: () => void;
  onUseDemo?: () => void;
}) {
  const exchange = useSystem((state) => state.status?.exchange);
  if (!exchange || exchange.reachability.state !== 'unreachable') return null;
  return (
    <div className="callout callout-warn exchange-unreachable" role="alert">
      <p>
        <strong>Bybit {environmentLabel(exchange.environment)} is unreachable</strong> from this computer
        {exchange.reachability.message ? ` (${exchange.reachability.message.replace(/\.$/, '')})` : ''}.
        Prices, the universe and key checks wait until it answers.
      </p>
      {offerSetup && (
        <>
          <p>
            No network, or no Bybit account yet? Try <strong>demo trading</strong> (simulated funds, needs the
            network), or the <strong>local simulator</strong>, which needs neither: start it with{' '}
            <code>npm run sim -- --port 9100</code>, then use its printed API key and secret.
          </p>
          <div className="form-actions">
            {onUseSimulator && (
              <button type="button" onClick={onUseSimulator}>
                Use the local simulator
              </button>
            )}
            {onUseDemo && exchange.environment !== 'demo' && (
              <button type="button" onClick={onUseDemo}>
                Use demo trading
              </button>
            )}
          </div>
        </>
      )}
    </div>
  );
}
