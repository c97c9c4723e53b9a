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

/**
 * The status events after each change, and the answers to `system.status`, never older than what was sent
 * before them. A read captures some parts at its start (the exchange's reachability) and awaits others (the
 * databases), so reads in flight can finish the wrong way round: an older status sent last would stay on
 * screen (a first run's custom URL read "checking" for good, because the monitor only publishes a change
 * and the next checks changed nothing). So the newest read wins: an event whose read started before the
 * last one sent is dropped, and an answer overtaken that way gives the newer status. Reads still run side
 * by side, so one that hangs (a database that stopped answering) holds up no later one.
 */
export function orderedStatus<Status = SystemStatus>(
  readStatus: () => Promise<Status>,
  emit: (status: Status) => void,
  onError: (error: unknown) => void,
): { publish(): void; read(): Promise<Status> } {
  let started = 0;
  let sent: { readNumber: number; status: Status } | null = null;
  const newerSent = (readNumber: number) => sent !== null && sent.readNumber > readNumber;
  return {
    publish: () => {
      const readNumber = ++started;
      readStatus().then((status) => {
        if (newerSent(readNumber)) return;
        sent = { readNumber, status };
        emit(status);
      }, onError);
    },
    read: async () => {
      const readNumber = ++started;
      const status = await readStatus();
      return newerSent(readNumber) ? sent!.status : status;
    },
  };
}
