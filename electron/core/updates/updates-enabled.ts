import type { RuntimeInfo } from '../system/system-status';
import { updateFeedUrlProblem } from './update-feed-url';

/**
 * Why updates are off here, or null when they are on. Only an installed desktop app updates itself:
 * headless mode is updated with the code it runs from, an unpackaged run is a development checkout,
 * tests must never reach a feed, and managed installs set SYNTHEX_DISABLE_UPDATES=1. A feed given in
 * SYNTHEX_UPDATE_URL that is not https:// turns updates off, saying why, rather than trusting it.
 */
export function updatesDisabledReason(
  runtime: Pick<RuntimeInfo, 'mode' | 'packaged'>,
  env: Record<string, string | undefined>,
  hasBackend: boolean,
): string | null {
  if (runtime.mode === 'headless') {
    return 'Headless mode does not update itself: update the checkout it runs from (git pull, npm ci) and restart it.';
  }
  if (!runtime.packaged) return 'This is a development build (not packaged), which does not update itself.';
  if (env.SYNTHEX_DISABLE_UPDATES === '1') return 'Updates are turned off by SYNTHEX_DISABLE_UPDATES=1.';
  if (env.VITEST || env.NODE_ENV === 'test') return 'Updates are off under tests.';
  if (!hasBackend) return 'This build has no updater.';
  const feed = env.SYNTHEX_UPDATE_URL?.trim();
  const feedProblem = feed ? updateFeedUrlProblem(feed) : null;
  if (feedProblem) return `Updates are off. ${feedProblem}`;
  return null;
}
