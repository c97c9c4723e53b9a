import type { AppUpdater, ProgressInfo } from 'electron-updater';
import type { UpdateChannel } from '../../shared/domain/settings';
import type { UpdateBackend } from '../core/updates/update-backend';
import { updateFeedUrlProblem } from '../core/updates/update-feed-url';
import type { Logger } from '../core/util/logger';

/**
 * The desktop update backend on electron-updater. Channels map to the generic provider's channel files:
 * stable reads latest-<platform>.yml, beta reads beta-<platform>.yml (electron-builder writes a file per
 * channel; a prerelease such as 1.3.0-beta.1 is published to beta). Nothing downloads or installs on its
 * own: the update service decides when, and the trader decides when to restart. Every check first makes
 * sure the feed it would read is https:// (or loopback, for tests): the override, or else the feed built
 * into the installer (app-update.yml), so not even a hand-edited install reads its updates in clear text.
 */
export function electronUpdaterBackend(options: {
  updater: AppUpdater;
  logger: Logger;
  /** SYNTHEX_UPDATE_URL: a feed other than the one built into the installer (app-update.yml). */
  feedUrl?: string | null;
}): UpdateBackend {
  const { updater, logger } = options;
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.logger = {
    info: (message: unknown) => logger.info('updater', { detail: String(message) }),
    warn: (message: unknown) => logger.warn('updater', { detail: String(message) }),
    error: (message: unknown) => logger.error('updater', { detail: String(message) }),
    debug: () => undefined,
  };
  const override = options.feedUrl ?? null;
  if (override && !updateFeedUrlProblem(override)) updater.setFeedURL({ provider: 'generic', url: override });
  const feedProblem = async (): Promise<string | null> => {
    if (override) return updateFeedUrlProblem(override);
    const builtIn = await builtInFeed(updater);
    return builtIn.provider === 'generic' ? updateFeedUrlProblem(String(builtIn.url ?? '')) : null;
  };
  return {
    setChannel(channel: UpdateChannel) {
      updater.channel = channel === 'beta' ? 'beta' : 'latest';
      updater.allowPrerelease = channel === 'beta';
      // Setting a channel allows downgrades; leaving beta must not install an older stable over it.
      updater.allowDowngrade = false;
    },
    async check() {
      const problem = await feedProblem();
      if (problem) throw new Error(problem);
      const result = await updater.checkForUpdates();
      return result?.isUpdateAvailable ? { version: result.updateInfo.version } : null;
    },
    async download(onProgress) {
      const listener = (progress: ProgressInfo) => onProgress(progress.percent);
      updater.on('download-progress', listener);
      try {
        await updater.downloadUpdate();
      } finally {
        updater.off('download-progress', listener);
      }
    },
    quitAndInstall() {
      updater.quitAndInstall(false, true);
    },
  };
}

/**
 * The publish settings electron-builder wrote into the installed app (resources/app-update.yml), as the
 * updater itself reads them. `configOnDisk` is the updater's own lazy reader (not in its typings), so the
 * URL checked is exactly the one it would fetch.
 */
function builtInFeed(updater: AppUpdater): Promise<{ provider?: string; url?: unknown }> {
  const reader = (updater as unknown as { configOnDisk: { value: Promise<Record<string, unknown>> } })
    .configOnDisk;
  return reader.value;
}
