import type { AppUpdater, ProgressInfo } from 'electron-updater';
import type { UpdateChannel } from '../../shared/domain/settings';
import type { UpdateBackend } from '../core/updates/update-backend';
import type { Logger } from '../core/util/logger';

/**
 * The desktop update backend on electron-updater. Channels map to the generic provider's channel files:
 * stable reads latest-<platform>.yml, beta reads beta-<platform>.yml (electron-builder writes a file per
 * channel; a prerelease such as 1.3.0-beta.1 is published to beta). Nothing downloads or installs on its
 * own: the update service decides when, and the trader decides when to restart.
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
  if (options.feedUrl) updater.setFeedURL({ provider: 'generic', url: options.feedUrl });
  return {
    setChannel(channel: UpdateChannel) {
      updater.channel = channel === 'beta' ? 'beta' : 'latest';
      updater.allowPrerelease = channel === 'beta';
      // Setting a channel allows downgrades; leaving beta must not install an older stable over it.
      updater.allowDowngrade = false;
    },
    async check() {
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
