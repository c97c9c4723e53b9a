import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret per start: whoever opens the printed URL may use the app, nobody else on the machine. */
export function createAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokenMatches(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
