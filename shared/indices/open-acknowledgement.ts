import { Dec } from '../decimal';
import type { Acknowledgement } from '../domain/preview';
import { formatPercent, groupDecimal } from '../format/numbers';
import { byRank, type Constituent } from './constituents';

/** Leaving out one of an index's this-many best-ranked coins always needs an acknowledgement. */
export const acknowledgedTopRanks = 5;
/** Symbols named in the message; the rest are counted. */
const namedAtMost = 10;

const list = (symbols: readonly string[]) =>
  symbols.length <= 1
    ? (symbols[0] ?? '')
    : `${symbols.slice(0, -1).join(', ')} and ${symbols[symbols.length - 1]}`;

/**
 * What opening must be acknowledged for, or null: legs left out while the tracking error is above the
 * trader's threshold, or while one of the index's five best-ranked coins is among them. A Top 50 at
 * 100 USDT without BTC, ETH, SOL, XRP and BNB (62 % tracking error) opened with only a yellow banner;
 * now the confirmation names what is missing and the core refuses an open that does not acknowledge it.
 * `symbols` lists every leg left out: the open request names them all, so a leg that only drops at the
 * open (prices moved) is never left out unacknowledged.
 */
export function openAcknowledgement(input: {
  constituents: readonly Constituent[];
  dropped: readonly Constituent[];
  trackingError: Dec;
  /** Percent, as the setting holds it ("5"). */
  thresholdPercent: string;
}): Acknowledgement | null {
  const threshold = new Dec(input.thresholdPercent).div(100);
  const dropped = [...input.dropped].sort(byRank);
  const top = new Set(
    [...input.constituents]
      .sort(byRank)
      .slice(0, acknowledgedTopRanks)
      .map((c) => c.symbol),
  );
  const droppedTop = dropped.filter((c) => top.has(c.symbol)).map((c) => c.symbol);
  const above = input.trackingError.gt(threshold);
  if (!above && droppedTop.length === 0) return null;
  const symbols = dropped.map((c) => c.symbol);
  const error = formatPercent(input.trackingError.toFixed(), 2);
  const overThreshold = `above your ${groupDecimal(new Dec(input.thresholdPercent).toFixed())} % threshold`;
  if (symbols.length === 0)
    return {
      symbols,
      message: `No leg is left out, but rounding to Bybit's quantity steps puts the basket ${error} off its index, ${overThreshold}.`,
    };
  const named = symbols.slice(0, namedAtMost);
  const more = symbols.length - named.length;
  const reasons = [
    ...(droppedTop.length > 0
      ? [
          `${list(droppedTop)} ${droppedTop.length === 1 ? 'is' : 'are'} among the index's ${acknowledgedTopRanks} largest coins`,
        ]
      : []),
    `the tracking error is ${error}${above ? `, ${overThreshold}` : ''}`,
  ];
  return {
    symbols,
    message: `Left out: ${more > 0 ? `${named.join(', ')} and ${more} more` : list(named)}. ${capitalise(reasons.join('; '))}.`,
  };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
