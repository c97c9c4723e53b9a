import type { ExchangeReachability, SystemStatus } from '../../../shared/domain/system';
import { exchangeEndpoints } from '../exchange/environments';
import type { SettingsService } from '../settings/settings-service';
import type { SupervisedProcess } from '../process/supervised-process';
import type { DatabaseStatusSource } from './database-status';
import type { UpdateService } from '../updates/update-service';
import { Mutex } from '../util/mutex';

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

/**
 * The status, read one read at a time: for the events sent after each change and for the answers to
 * `system.status`. Each read starts only once the one before it has been sent: a read captures some parts
 * at its start (the exchange's reachability) and awaits others (the databases), so two reads in flight
 * could finish the wrong way round, and the older status, sent last, would stay on screen (a first run's
 * custom URL read "checking" for good, because the monitor only publishes a change and the next checks
 * changed nothing).
 */
export function orderedStatus<Status = SystemStatus>(
  read: () => Promise<Status>,
  emit: (status: Status) => void,
  onError: (error: unknown) => void,
): { publish(): void; read(): Promise<Status> } {
  const reads = new Mutex();
  return {
    publish: () => void reads.run(read).then(emit, onError),
    read: () => reads.run(read),
  };
}
