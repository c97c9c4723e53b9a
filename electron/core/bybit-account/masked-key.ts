/** What `credentials.get` shows instead of an API key. */
const visibleEach = 4;
/** Below this length, eight visible characters would give away too much of the key: show none. */
const minimumLengthToReveal = 16;
const fullyMasked = '••••••••';

/** "AbCd…WxYz": the first and last four characters; a short key is fully masked (its length is not revealed either). */
export function maskApiKey(apiKey: string): string {
  const characters = Array.from(apiKey); // by code point, so a stray non-ASCII character is never split
  if (characters.length < minimumLengthToReveal) return fullyMasked;
  return `${characters.slice(0, visibleEach).join('')}…${characters.slice(-visibleEach).join('')}`;
}
