import type { Kysely } from 'kysely';
import { Dec } from '../../../shared/decimal';
import type { UserDb } from '../db';
import { listPositionRows } from '../ledger/position-repository';
import { csvField } from '../positions/trades-csv';
import { benchmarksOf } from './benchmark-repository';
import { cashFigures, endNavOf } from './position-performance';

export const historyCsvColumns = [
  'position_id',
  'index',
  'direction',
  'usdt_size',
  'leverage',
  'status',
  'created_at',
  'opened_at',
  'closed_at',
  'realized_pnl',
  'unrealized_pnl',
  'nav',
  'return_percent',
  'funding_paid',
  'fees_paid',
  'turnover',
  'btc_mark_at_open',
  'btc_mark_at_close',
  'btc_return_percent',
] as const;

const iso = (value: Date | string | null) => (value === null ? '' : new Date(value).toISOString());

/**
 * Every position of the profile (open and closed), one row each with its PnL, funding, fees, turnover and the
 * BTC benchmark (close mark only once closed). Cells pass through the trades export's neutralisation of
 * formula-like text; lines end in CRLF (RFC 4180).
 */
export async function historyCsv(
  db: Kysely<UserDb>,
  profileId: number,
  livePnl: (id: number) => { realized: Dec; unrealized: Dec } | null,
): Promise<{ csv: string; rows: number }> {
  const rows = await listPositionRows(db, profileId, null);
  const ids = rows.map((row) => row.id);
  const [cash, benchmarks] = await Promise.all([cashFigures(db, ids), benchmarksOf(db, ids)]);
  const lines = [historyCsvColumns.join(',')];
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const final = row.status === 'CLOSED' || row.status === 'FAILED';
    const live = final ? null : livePnl(row.id);
    const nav = endNavOf(row, live);
    const size = new Dec(row.usdt_size);
    const figures = cash.get(row.id)!;
    const benchmark = benchmarks.get(row.id);
    const close = final ? (benchmark?.closeMark ?? null) : null;
    const realized = final ? nav : (live?.realized ?? new Dec(0));
    lines.push(
      [
        String(row.id),
        row.index_name,
        row.direction,
        row.usdt_size,
        row.leverage,
        row.status,
        iso(row.created_at),
        iso(row.opened_at),
        iso(row.closed_at),
        realized.toDecimalPlaces(8).toFixed(),
        nav.minus(realized).toDecimalPlaces(8).toFixed(),
        nav.toDecimalPlaces(8).toFixed(),
        size.isZero() ? '0' : nav.div(size).mul(100).toDecimalPlaces(4).toFixed(),
        figures.fundingPaid.toFixed(),
        figures.feesPaid.toFixed(),
        figures.turnover.toFixed(),
        benchmark?.openMark.toFixed() ?? '',
        close?.toFixed() ?? '',
        close && benchmark
          ? close.div(benchmark.openMark).minus(1).mul(100).toDecimalPlaces(4).toFixed()
          : '',
      ]
        .map(csvField)
        .join(','),
    );
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows: rows.length };
}
