import type { BacktestResult } from '../../../../shared/domain/backtest';
import { Facts } from '../../components/Panel';
import { formatFixed, formatPercent, formatUsdt } from '../../format';

/** The stats of a backtest in words a trader reads, and where its history is thin. */
export function BacktestFigures({ result }: { result: BacktestResult }) {
  const { stats } = result;
  const last = result.series.at(-1);
  return (
    <div className="backtest-figures">
      <Facts
        rows={[
          ['Return', <span className="num">{formatPercent(stats.return)}</span>],
          ['CAGR', <span className="num">{formatPercent(stats.cagr)}</span>],
          ['Max drawdown', <span className="num">{formatPercent(stats.maxDrawdown)}</span>],
          ['Volatility (annual)', <span className="num">{formatPercent(stats.volatility)}</span>],
          [
            'Sharpe',
            <span className="num">{stats.sharpe === null ? '— (flat)' : formatFixed(stats.sharpe, 2)}</span>,
          ],
          [
            'Funding',
            <span className="num">
              {formatUsdt(stats.fundingPaid.replace(/^-/, ''))}{' '}
              {stats.fundingPaid.startsWith('-') ? 'received' : 'paid'}
            </span>,
          ],
          ['Fees paid', <span className="num">{formatUsdt(stats.feesPaid)}</span>],
          ['Rebalances', <span className="num">{stats.rebalances}</span>],
          ['Turnover', <span className="num">{formatFixed(stats.turnover, 2)} × size</span>],
          [
            'End NAV',
            <span className="num">
              {formatUsdt(last?.nav)} (HODL {formatUsdt(last?.hodl)}, BTC{' '}
              {last?.btc ? formatUsdt(last.btc) : '—'})
            </span>,
          ],
        ]}
      />
      <p className="muted small backtest-faithful">
        {result.faithfulFrom === null
          ? 'No day of this window has every input stored: read it as a sketch.'
          : result.faithfulFrom === result.from
            ? `Every input was stored for the whole window (${result.from} to ${result.to}).`
            : `Faithful from ${result.faithfulFrom}: before that some inputs were missing (below).`}
      </p>
      {result.notes.length > 0 && (
        <ul className="backtest-notes" aria-label="Where the data is thin">
          {result.notes.map((note) => (
            <li key={note.code} className={note.code === 'MODEL' ? 'muted small' : 'warn-text small'}>
              {note.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
