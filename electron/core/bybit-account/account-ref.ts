/**
 * Which Bybit account a key trades, as a position remembers it: `uid:<UID>` from Bybit's query-api, or, where
 * Bybit cannot say (demo trading answers query-api with 10032), `key:<masked key>`: then only that key is
 * known to reach the account, and a different key is treated as possibly another account.
 */
export function accountRef(uid: string | null, maskedApiKey: string | null): string {
  return uid ? `uid:${uid}` : `key:${maskedApiKey ?? 'unknown'}`;
}

/** The account in words: "Bybit account 1234567" or "the account of key AbCd…WxYz". */
export function describeAccount(ref: string): string {
  if (ref.startsWith('uid:')) return `Bybit account ${ref.slice(4)}`;
  if (ref.startsWith('key:')) return `the account of API key ${ref.slice(4)}`;
  return ref;
}
