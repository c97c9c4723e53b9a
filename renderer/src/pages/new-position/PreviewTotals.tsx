import type { Preview } from '../../../../shared/domain/preview';
import { Facts } from '../../components/Panel';
import { formatFixed, formatPercent, formatUsdt } from '../../format';
import { FundingCarry } from '../cockpit/FundingCarry';

const usdt = (value: string | null, places: number) =>
  value === null ? '—' : `${formatFixed(value, places)} USDT`;

/** What the basket costs and how well it tracks its index. */
export function PreviewTotals({ preview }: { preview: Preview }) {
  const { totals } = preview;
  return (
    <div className="preview-totals" aria-label="Totals" role="group">
      <Facts
        wide
        rows={[
          ['Notional', <span className="num">{usdt(totals.notional, 2)}</span>],
          ['Estimated fees', <span className="num">{usdt(totals.estimatedFees, 4)}</span>],
          [
            'Initial margin',
            <span className="num">
              {usdt(totals.initialMargin, 2)} <span className="muted">at {preview.leverage}×</span>
            </span>,
          ],
          [
            'Available balance',
            totals.availableBalance === null ? (
              <span className="muted">unknown (no key, or Bybit did not say)</span>
            ) : (
              <span className="num">{usdt(totals.availableBalance, 2)}</span>
            ),
          ],
          [
            'Tracking error',
            <span className="num" title="½ Σ |achieved − index weight|, dropped legs included">
              {formatPercent(preview.trackingError, 3)}
            </span>,
          ],
          ['Orders', <span className="num">{totals.orders}</span>],
          ['Slippage cap', <span className="num">{preview.maxSlippagePercent} % per leg</span>],
        ]}
      />
      <FundingCarry preview={preview} />
      <p className="muted small">
        Size {formatUsdt(preview.usdtSize)} · {preview.direction} · snapshot {preview.snapshotDate ?? 'none'}
      </p>
    </div>
  );
}
