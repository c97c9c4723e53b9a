import { isLoopbackHostname } from '../../../shared/domain/url-schemas';

/**
 * Why an update feed URL is refused, or null when it is fine. The feed's channel file names the
 * installer and its sha512, and on Linux that sha512 is all the updater checks (docs/architecture.md
 * §11): over plain http anyone on the network path could serve another installer with a matching hash.
 * So the feed must be https://; http:// is accepted only for this machine (127.0.0.1, localhost), which
 * is what the tests' local feeds use. Used at build time (scripts/dist.mjs) and at run time.
 */
export function updateFeedUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `The update feed "${url}" is not a URL. Set SYNTHEX_UPDATE_URL to an https:// address.`;
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && isLoopbackHostname(parsed.hostname)) return null;
  return (
    `The update feed ${parsed.origin === 'null' ? url : parsed.origin} is not https://: an update could be ` +
    'swapped on its way. Set SYNTHEX_UPDATE_URL to an https:// address (plain http:// is accepted only ' +
    'for 127.0.0.1 and localhost, for tests).'
  );
}
