/**
 * Bybit writes contract multipliers into the baseCoin (docs/bybit-v5.md §7, "Mapping pitfalls"):
 * 1000PEPE is a contract on 1000 PEPE, SHIB1000 one on 1000 SHIB. Linear instruments have no
 * multiplier field, so it has to be parsed back out.
 *
 * The rule: a multiplier is "1" followed by at least three zeros (1000, 10000, 1000000…), either
 *  - in front, followed by a remainder that starts with a letter:  ^(10{3,})([A-Z][A-Z0-9]*)$
 *  - or behind, preceded by a remainder that ends with a letter:   ^([A-Z0-9]*[A-Z])(10{3,})$
 * Only the prefix is tried when both could apply. What must not match, and why the rule differs from
 * docs/bybit-v5.md's ^(1(?:000)+)(.+)$ and ^(.+?)(1000+)$:
 *  - 10000SATS: zeros come in any count, not only in groups of three; 1(?:000)+ would split it into
 *    1000 × "0SATS". Requiring the remainder to start with a letter forces every zero into the multiplier.
 *  - 1INCH, 2Z, 0G, 1MBABYDOGE: real tickers that merely start with a digit. A single "1", any other
 *    leading digit, or fewer than three zeros is never a multiplier.
 *  - 1000, 10000: nothing would be left for the coin (an empty or all-digit remainder), so the baseCoin
 *    is kept whole.
 *  - ABC11000: the suffix must be a clean power of ten after a letter, so no "ABC1" × 1000.
 */
import type { ParsedBaseCoin } from './types';

const PREFIX_MULTIPLIER = /^(10{3,})([A-Z][A-Z0-9]*)$/;
const SUFFIX_MULTIPLIER = /^([A-Z0-9]*[A-Z])(10{3,})$/;

export function parseBaseCoin(baseCoin: string): ParsedBaseCoin {
  const prefix = PREFIX_MULTIPLIER.exec(baseCoin);
  if (prefix?.[1] && prefix[2]) return { coin: prefix[2], multiplier: prefix[1] };
  const suffix = SUFFIX_MULTIPLIER.exec(baseCoin);
  if (suffix?.[1] && suffix[2]) return { coin: suffix[1], multiplier: suffix[2] };
  return { coin: baseCoin, multiplier: '1' };
}
