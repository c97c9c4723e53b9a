import { SynthexError } from '../../../shared/contract';

export interface UniverseConfig {
  coingeckoUrl: string;
  coingeckoApiKey: string | null;
  /** CoinGecko pages of 250 coins to rank against (2 = the top 500). */
  depthPages: number;
}

/** SYNTHEX_COINGECKO_URL, SYNTHEX_COINGECKO_API_KEY and SYNTHEX_UNIVERSE_DEPTH_PAGES (docs/architecture.md §8). */
export function readUniverseConfig(env: Record<string, string | undefined>): UniverseConfig {
  const url = env.SYNTHEX_COINGECKO_URL?.trim() || 'https://api.coingecko.com';
  if (!/^https?:\/\/\S+$/.test(url)) {
    throw new SynthexError(
      'INVALID_PAYLOAD',
      `SYNTHEX_COINGECKO_URL=${JSON.stringify(url)} is not an http(s) URL`,
    );
  }
  const pagesText = env.SYNTHEX_UNIVERSE_DEPTH_PAGES?.trim() || '2';
  const depthPages = Number(pagesText);
  if (!Number.isInteger(depthPages) || depthPages < 1 || depthPages > 20) {
    throw new SynthexError(
      'INVALID_PAYLOAD',
      `SYNTHEX_UNIVERSE_DEPTH_PAGES must be a whole number from 1 to 20, not ${JSON.stringify(pagesText)}`,
    );
  }
  return { coingeckoUrl: url, coingeckoApiKey: env.SYNTHEX_COINGECKO_API_KEY?.trim() || null, depthPages };
}
