import { useEffect, useMemo } from 'react';
import { marginTone, realizedSince } from '../../../../shared/positions/cockpit-figures';
import { formatFixed, formatPercent } from '../../format';
import { useAccountSummary } from '../../store/account-summary-store';
import { usePositions } from '../../store/positions-store';
import { Pnl } from '../positions/Pnl';
import './cockpit.css';

const toneText = {
  ok: '',
  warn: 'Margin use is high: a move against the positions leaves little room.',
  bad: 'Maintenance margin is half of equity or more: the account is close to liquidation.',
};

/** The account at a glance: equity, available, margin used and its ratio, unrealised, realised today. */
export function AccountStrip() {
  const summary = useAccountSummary((state) => state.summary);
  const error = useAccountSummary((state) => state.error);
  const positions = usePositions((state) => state.positions);
  useEffect(() => {
    void useAccountSummary.getState().load();
  }, []);
  const today = useMemo(() => {
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    return realizedSince(positions ?? [], midnight.toISOString());
  }, [positions]);
  if (!summary)
    return (
      <section className="account-strip" aria-label="Equity and margin">
        <p className="muted">{error ?? 'Reading the account…'}</p>
      </section>
    );
  const tone = marginTone(summary.initialMarginRatio, summary.marginRatio);
  return (
    <section className="account-strip" aria-label="Equity and margin" data-tone={tone}>
      <dl>
        <div>
          <dt>Equity</dt>
          <dd data-testid="account-equity">{formatFixed(summary.equity, 2)} USDT</dd>
        </div>
        <div>
          <dt>Available</dt>
          <dd data-testid="account-available">{formatFixed(summary.availableBalance, 2)} USDT</dd>
        </div>
        <div className={`margin-${tone}`}>
          <dt>Margin used</dt>
          <dd data-testid="account-margin">
            {formatFixed(summary.initialMargin, 2)} USDT · {formatPercent(summary.initialMarginRatio, 1)}
          </dd>
        </div>
        <div className={`margin-${tone}`}>
          <dt title="Maintenance margin over equity (Bybit's account MM rate): 100 % is liquidation">
            Margin ratio
          </dt>
          <dd data-testid="account-margin-ratio">{formatPercent(summary.marginRatio, 2)}</dd>
        </div>
        <div>
          <dt>Unrealised</dt>
          <dd data-testid="account-unrealized">
            <Pnl value={summary.unrealizedPnl} />
          </dd>
        </div>
        <div>
          <dt>Realised today</dt>
          <dd data-testid="account-realized-today">
            <Pnl value={today} />
          </dd>
        </div>
      </dl>
      <p className="muted small">
        {summary.accountType} · {summary.marginMode === 'ISOLATED_MARGIN' ? 'isolated' : 'cross'} margin
        {summary.live ? '' : ' · not live (reading again)'}
        {tone !== 'ok' && (
          <span className={`margin-${tone}`} role="alert">
            {' '}
            · {toneText[tone]}
          </span>
        )}
      </p>
    </section>
  );
}
