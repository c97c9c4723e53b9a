import { COIN_TABLE, UNRANKED_TABLE } from './universe-data';
import { D, type Dec } from './decimal';
import { createRng } from './rng';

/**
 * One coin of the simulated world. The Bybit instruments and the CoinGecko list are both derived from
 * this single list, so a poller joining the two sees a consistent picture (ranks map to perps, with
 * multipliers, aliases, stablecoins, wrapped assets and duplicate symbols to filter).
 */
export interface CoinSpec {
  cgId: string;
  cgSymbol: string;
  name: string;
  /** USD price of one coin (not of a multiplied contract). */
  priceUsd: Dec;
  /** Bybit baseCoin of the USDT perpetual, or null when Bybit does not list it. */
  bybitBase: string | null;
  multiplier: number;
  /** CoinGecko market_cap_rank; null = listed without a rank. */
  rank: number | null;
  /** false for perps CoinGecko does not know (they exist on Bybit only). */
  onCoinGecko: boolean;
  marketCapUsd: Dec;
  /** true for the seeded small caps after the hand-written head (they get seeded odd filters). */
  generated: boolean;
}

/** How many USDT perpetuals in status Trading the simulated Bybit lists (more than one 500-item page). */
export const USDT_PERP_TARGET = 520;

function parseTable(table: string): Omit<CoinSpec, 'rank' | 'onCoinGecko' | 'marketCapUsd' | 'generated'>[] {
  return table
    .trim()
    .split('\n')
    .map((line) => {
      const [cgId, cgSymbol, name, price, base, mult] = line.split('|');
      if (!cgId || !cgSymbol || !name || !price || !base || !mult) throw new Error(`bad coin line: ${line}`);
      return {
        cgId,
        cgSymbol,
        name,
        priceUsd: new D(price),
        bybitBase: base === '-' ? null : base,
        multiplier: Number.parseInt(mult, 10),
      };
    });
}

/** Fractional powers at the engine's 60 digits take seconds per universe; 20 digits are plenty here. */
const Fast = D.clone({ precision: 20 });

function marketCapForRank(rank: number): Dec {
  // Strictly decreasing with rank, so market_cap_desc order equals rank order.
  return new D(new Fast(1.9e12).div(new Fast(rank).pow(1.4)).floor().toFixed());
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const RESERVED_BASES = ['XAU', 'NVDA', 'EUR', 'PRELAUNCHA', 'PRELAUNCHB', 'USD', 'PERP'];

/** Seeded, reproducible universe: the hand-written head plus generated small caps up to the target size. */
export function buildUniverse(seed: number): CoinSpec[] {
  const rng = createRng(seed ^ 0x5eed);
  const head = parseTable(COIN_TABLE);
  const coins: CoinSpec[] = [];
  // Bases taken by the hand-written head and by the extra instruments (instruments.ts) are never generated.
  const usedBases = new Set([...head.map((c) => c.bybitBase ?? c.cgSymbol.toUpperCase()), ...RESERVED_BASES]);
  for (const c of head) {
    const rank = coins.length + 1;
    coins.push({ ...c, rank, onCoinGecko: true, marketCapUsd: marketCapForRank(rank), generated: false });
  }
  let perps = coins.filter((c) => c.bybitBase).length;
  let generated = 0;
  // Bounded: every iteration adds a coin, and at least 8 of every 9 are perps.
  while (perps < USDT_PERP_TARGET) {
    let ticker = '';
    // Bounded: 26^3+ names and a few hundred taken, so a free one turns up within a handful of draws.
    for (let attempt = 0; attempt < 1000 && (ticker === '' || usedBases.has(ticker)); attempt++) {
      const len = 3 + Math.floor(rng() * 3);
      ticker = Array.from({ length: len }, () => LETTERS[Math.floor(rng() * 26)]).join('');
    }
    if (usedBases.has(ticker)) throw new Error('universe: no free ticker found');
    usedBases.add(ticker);
    generated += 1;
    const exponent = new Fast(rng() * 5.7 - 4).toDecimalPlaces(3);
    const price = new D(new Fast(10).pow(exponent).toSignificantDigits(4).toFixed());
    // Every 9th generated coin is not listed on Bybit; every 11th is a Bybit perp CoinGecko does not know.
    const listed = generated % 9 !== 0;
    const onCoinGecko = generated % 11 !== 0;
    const rank = onCoinGecko ? coins.filter((c) => c.rank !== null).length + 1 : null;
    coins.push({
      cgId: `${ticker.toLowerCase()}-sim`,
      cgSymbol: ticker.toLowerCase(),
      name: `${ticker[0]}${ticker.slice(1).toLowerCase()} Sim`,
      priceUsd: price,
      bybitBase: listed ? ticker : null,
      multiplier: 1,
      rank,
      onCoinGecko,
      marketCapUsd: rank === null ? new D(0) : marketCapForRank(rank),
      generated: true,
    });
    if (listed) perps += 1;
  }
  for (const c of parseTable(UNRANKED_TABLE)) {
    coins.push({ ...c, rank: null, onCoinGecko: true, marketCapUsd: new D(0), generated: false });
  }
  return coins;
}
