import type { UpdateChannel } from '../../../shared/domain/settings';

/**
 * What the update service needs from an updater. The desktop adapter wraps electron-updater
 * (electron/main/electron-updater-backend.ts); tests pass a fake. Headless mode has none.
 */
export interface UpdateBackend {
  /** stable reads latest-<platform>.yml, beta reads beta-<platform>.yml (prereleases). */
  setChannel(channel: UpdateChannel): void;
  /** The newer version on the channel, or null when this one is current. Rejects when the feed fails. */
  check(): Promise<{ version: string } | null>;
  /** Downloads the version the last check found, reporting 0–100. */
  download(onProgress: (percent: number) => void): Promise<void>;
  /** Quits and installs the downloaded version, then starts it again. */
  quitAndInstall(): void;
}
