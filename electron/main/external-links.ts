import packageJson from '../../package.json';

/**
 * Sites a link in the app may open in the trader's browser: Bybit (the exchange and its API docs),
 * CoinGecko (the market-cap source) and the project page (package.json "homepage", when set). Anything
 * else, and anything but https, is refused: a compromised page must not be able to send the trader to a
 * look-alike login page with one click.
 */
const allowedHosts = [
  'bybit.com',
  'bybit-exchange.github.io',
  'coingecko.com',
  ...projectHost((packageJson as { homepage?: string }).homepage),
];

function projectHost(homepage: string | undefined): string[] {
  if (!homepage) return [];
  try {
    return [new URL(homepage).hostname];
  } catch {
    return [];
  }
}

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  return allowedHosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}
