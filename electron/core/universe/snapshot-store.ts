import type { Kysely } from 'kysely';
import type { UniverseAsset, UniverseSnapshot } from '../../../shared/domain/universe';
import type { GeneralDb } from '../db';
import type { SnapshotWriter } from './refresh-universe';
import type { UniverseRow } from './types';

/**
 * `daily_tradable_assets`: one snapshot per UTC day. Replacing a day deletes and inserts in one
 * transaction, so a second run the same day replaces that day exactly and a failed write leaves the
 * previous rows in place.
 */
export class SnapshotStore implements SnapshotWriter {
  constructor(private readonly db: Kysely<GeneralDb>) {}

  async replaceSnapshot(fetchDate: string, rows: readonly UniverseRow[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('daily_tradable_assets').where('fetch_date', '=', fetchDate).execute();
      if (rows.length === 0) return;
      await trx
        .insertInto('daily_tradable_assets')
        .values(
          rows.map((row) => ({
            fetch_date: fetchDate,
            symbol: row.symbol,
            market_cap_rank: row.marketCapRank,
            min_notional_value: row.minNotionalValue,
            base_coin: row.baseCoin,
            coin: row.coin,
            multiplier: row.multiplier,
            market_cap: row.marketCap,
            turnover_24h: row.turnover24h,
            coingecko_id: row.coingeckoId,
          })),
        )
        .execute();
    });
  }

  /** Dates with a snapshot, newest first. */
  async dates(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('daily_tradable_assets')
      .select('fetch_date')
      .distinct()
      .orderBy('fetch_date', 'desc')
      .execute();
    return rows.map((row) => row.fetch_date);
  }

  async latest(): Promise<UniverseSnapshot | null> {
    const newest = await this.db
      .selectFrom('daily_tradable_assets')
      .select((eb) => eb.fn.max('fetch_date').as('date'))
      .executeTakeFirst();
    return newest?.date ? this.forDate(newest.date) : null;
  }

  async forDate(fetchDate: string): Promise<UniverseSnapshot | null> {
    const rows = await this.db
      .selectFrom('daily_tradable_assets')
      .select([
        'symbol',
        'base_coin',
        'coin',
        'multiplier',
        'market_cap_rank',
        'market_cap',
        'min_notional_value',
        'turnover_24h',
      ])
      .where('fetch_date', '=', fetchDate)
      .orderBy('market_cap_rank')
      .orderBy('symbol')
      .execute();
    if (rows.length === 0) return null;
    const assets: UniverseAsset[] = rows.map((row) => ({
      symbol: row.symbol,
      // Rows from before the details revision carry only symbol and rank.
      baseCoin: row.base_coin ?? row.symbol.replace(/USDT$/, ''),
      coin: row.coin ?? row.base_coin ?? row.symbol.replace(/USDT$/, ''),
      multiplier: row.multiplier,
      marketCapRank: row.market_cap_rank,
      marketCap: row.market_cap,
      minNotionalValue: row.min_notional_value,
      turnover24h: row.turnover_24h,
    }));
    return { fetchDate, assets };
  }
}
