import { SynthexError } from '../../../shared/contract';

export interface HistoryConfig {
  /** Days of market history kept and fetched back. */
  keepDays: number;
  /** The fetcher's share of Bybit's IP limit of 600 requests per 5 s (which orders share). */
  requestsPerFiveSeconds: number;
  /** Symbols fetched at once. */
  concurrency: number;
}

function wholeNumber(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
) {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new SynthexError(
      'INVALID_PAYLOAD',
      `${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`,
    );
  return value;
}

/**
 * SYNTHEX_HISTORY_DAYS (default 730: two years) and SYNTHEX_HISTORY_REQUESTS_PER_5S (default 300: half of
 * Bybit's IP limit, so trading from the same address keeps the other half) (docs/architecture.md §8).
 */
export function readHistoryConfig(env: Record<string, string | undefined>): HistoryConfig {
  return {
    keepDays: wholeNumber(env, 'SYNTHEX_HISTORY_DAYS', 730, 1, 731),
    requestsPerFiveSeconds: wholeNumber(env, 'SYNTHEX_HISTORY_REQUESTS_PER_5S', 300, 1, 550),
    concurrency: 6,
  };
}
