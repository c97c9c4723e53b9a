import { sql, type Kysely } from 'kysely';
import type { IndexDefinition } from '../../../shared/domain/indices';
import { addDays, dayStartMs } from '../../../shared/indices/backtest/calendar';
import type {
  DailyMark,
  FundingRecord,
  MembershipSnapshot,
  SeriesCoverage,
  SnapshotAsset,
} from '../../../shared/indices/backtest/market-tape';
import { resolveIndex } from '../../../shared/indices/constituents';
import type { GeneralDb } from '../db';

/** The newest day with a stored mark candle, or null before the first fetch. */
export async function newestMarkDay(db: Kysely<GeneralDb>): Promise<string | null> {
  const row = await db
    .selectFrom('daily_mark_klines')
    .select((eb) => eb.fn.max('day').as('day'))
    .executeTakeFirst();
  return row?.day ?? null;
}

/**
 * The snapshots a backtest from `from` to `to` reads: the newest one on or before `from` (or the first
 * one, when the snapshots start later) and every later one up to `to`. Only the rows the definition can
 * reach are read: the positions a rule could pick (its top N past its exclusions and a margin for coins
 * without a market cap), or a basket's coins.
 */
export async function readSnapshots(
  db: Kysely<GeneralDb>,
  definition: IndexDefinition,
  from: string,
  to: string,
): Promise<MembershipSnapshot[]> {
  const dates = await db
    .selectFrom('daily_tradable_assets')
    .select([
      (eb) => eb.fn.max('fetch_date').filterWhere('fetch_date', '<=', from).as('before'),
      (eb) => eb.fn.min('fetch_date').as('first'),
    ])
    .executeTakeFirst();
  // Snapshots that start later than `from` (or even `to`): the first one stands in, and the result says so.
  const first = dates?.before ?? dates?.first;
  if (!first) return [];
  const last = first > to ? first : to;
  const rows =
    definition.kind === 'basket'
      ? await db
          .selectFrom('daily_tradable_assets')
          .select(['fetch_date', 'symbol', 'market_cap_rank', 'market_cap', 'min_notional_value'])
          .where('fetch_date', '>=', first)
          .where('fetch_date', '<=', last)
          .where(
            'symbol',
            'in',
            definition.legs.map((leg) => leg.symbol),
          )
          .orderBy('fetch_date')
          .orderBy('market_cap_rank')
          .execute()
      : (
          await sql<SnapshotRow>`
            SELECT fetch_date, symbol, market_cap_rank, market_cap, min_notional_value FROM (
              SELECT *, row_number() OVER (PARTITION BY fetch_date ORDER BY market_cap_rank, symbol) AS position
                FROM daily_tradable_assets WHERE fetch_date >= ${first} AND fetch_date <= ${last}
            ) ranked
            WHERE position <= ${definition.topN + definition.exclude.length + 20}
            ORDER BY fetch_date, market_cap_rank`.execute(db)
        ).rows;
  const byDate = new Map<string, SnapshotAsset[]>();
  for (const row of rows) {
    const assets = byDate.get(row.fetch_date) ?? [];
    assets.push({
      symbol: row.symbol,
      marketCapRank: row.market_cap_rank,
      marketCap: row.market_cap,
      minNotionalValue: row.min_notional_value,
    });
    byDate.set(row.fetch_date, assets);
  }
  return [...byDate].map(([date, assets]) => ({ date, assets }));
}

interface SnapshotRow {
  fetch_date: string;
  symbol: string;
  market_cap_rank: number;
  market_cap: string | null;
  min_notional_value: string;
}

/** Every coin the index holds on any of these snapshots. */
export function symbolsOf(definition: IndexDefinition, snapshots: readonly MembershipSnapshot[]): string[] {
  const symbols = new Set<string>();
  for (const snapshot of snapshots)
    for (const constituent of resolveIndex(definition, snapshot.assets).constituents)
      symbols.add(constituent.symbol);
  return [...symbols];
}

export interface StoredHistory {
  marks: Map<string, Map<string, DailyMark>>;
  funding: Map<string, FundingRecord[]>;
  coverage: Map<string, SeriesCoverage>;
}

/** The marks, funding settlements and coverage of these symbols over [from, to]. */
export async function readHistory(
  db: Kysely<GeneralDb>,
  symbols: readonly string[],
  from: string,
  to: string,
): Promise<StoredHistory> {
  const history: StoredHistory = { marks: new Map(), funding: new Map(), coverage: new Map() };
  if (symbols.length === 0) return history;
  const [marks, funding, coverage] = await Promise.all([
    db
      .selectFrom('daily_mark_klines')
      .select(['symbol', 'day', 'open', 'close'])
      .where('symbol', 'in', symbols)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .execute(),
    db
      .selectFrom('funding_settlements')
      .select(['symbol', sql<string>`(extract(epoch from funding_time) * 1000)::bigint`.as('time'), 'rate'])
      .where('symbol', 'in', symbols)
      .where('funding_time', '>=', new Date(dayStartMs(from)))
      .where('funding_time', '<', new Date(dayStartMs(addDays(to, 1))))
      .orderBy('symbol')
      .orderBy('funding_time')
      .execute(),
    db.selectFrom('market_history_coverage').selectAll().where('symbol', 'in', symbols).execute(),
  ]);
  for (const row of marks) {
    const bySymbol = history.marks.get(row.symbol) ?? new Map<string, DailyMark>();
    bySymbol.set(row.day, { open: row.open, close: row.close });
    history.marks.set(row.symbol, bySymbol);
  }
  for (const row of funding) {
    const list = history.funding.get(row.symbol) ?? [];
    list.push({ time: Number(row.time), rate: row.rate });
    history.funding.set(row.symbol, list);
  }
  for (const row of coverage) {
    const entry = history.coverage.get(row.symbol) ?? {
      marksFrom: null,
      marksTo: null,
      fundingFrom: null,
      fundingTo: null,
    };
    const fromMs = new Date(row.covered_from).getTime();
    const toMs = new Date(row.covered_to).getTime();
    if (row.series === 'mark_daily') {
      entry.marksFrom = new Date(fromMs).toISOString().slice(0, 10);
      entry.marksTo = new Date(toMs).toISOString().slice(0, 10);
    } else {
      entry.fundingFrom = fromMs;
      entry.fundingTo = toMs;
    }
    history.coverage.set(row.symbol, entry);
  }
  return history;
}
