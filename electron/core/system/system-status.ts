import type { ExchangeReachability, SystemStatus } from '../../../shared/domain/system';
import { exchangeEndpoints } from '../exchange/environments';
import type { SettingsService } from '../settings/settings-service';
import type { SupervisedProcess } from '../process/supervised-process';
import type { DatabaseStatusSource } from './database-status';
import type { UpdateService } from '../updates/update-service';

export interface RuntimeInfo {
  mode: SystemStatus['app']['mode'];
  appName: string;
  appVersion: string;
  versions: SystemStatus['versions'];
  dataDir: string;
  startedAt: Date;
  /** An installed build (Electron's app.isPackaged); false for a checkout and for headless mode. */
  packaged?: boolean;
  /** Where the log files are, when there are files (the desktop); headless logs to stderr. */
  logDirectory?: string | null;
}

export async function readSystemStatus(
  runtime: RuntimeInfo,
  settings: SettingsService,
  poller: SupervisedProcess,
  databases: DatabaseStatusSource,
  reachability: ExchangeReachability,
  updates: Pick<UpdateService, 'status'>,
): Promise<SystemStatus> {
  const endpoints = exchangeEndpoints(settings.view().settings);
  return {
    app: { name: runtime.appName, version: runtime.appVersion, mode: runtime.mode },
    versions: runtime.versions,
    dataDir: runtime.dataDir,
    startedAt: runtime.startedAt.toISOString(),
    databases: await databases.status(),
    poller: poller.status(),
    exchange: {
      environment: endpoints.environment,
      restUrl: endpoints.restUrl,
      wsUrl: endpoints.publicWsUrl,
      reachability,
    },
    updates: updates.status(),
    logs: { directory: runtime.logDirectory ?? null },
  };
}
