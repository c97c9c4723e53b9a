/** "3 d 4 h", "12 min 5 s": elapsed time the way a person reads it. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const units: [number, string][] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, label] of units) {
    if (rest >= size || (size === 1 && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)} ${label}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

export function formatTimestamp(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** "3 h 12 min ago", "in 4 h", "just now": a moment relative to now. */
export function formatRelative(targetMs: number, nowMs: number): string {
  const diff = nowMs - targetMs;
  if (Math.abs(diff) < 1000) return 'just now';
  return diff > 0 ? `${formatDuration(diff)} ago` : `in ${formatDuration(-diff)}`;
}

// The number formatting is shared with the core (messages in previews and errors use the same words).
export {
  formatCompactUsd,
  formatFixed,
  formatMultiplier,
  formatPercent,
  formatSigned,
  formatUsdt,
  groupDecimal,
} from '../../shared/format/numbers';
