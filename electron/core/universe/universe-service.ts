import type {
  RefreshReason,
  RefreshRun,
  UniverseHistory,
  UniverseState,
} from '../../../shared/domain/universe';
import { runOnPoller } from '../process/poller-run';
import { steadyRead } from '../util/steady-read';
import type { PollerJobOptions } from './poller-job-options';
import { pollerMessageSchema, type PollerMessage, type RefreshRequest } from './poller-protocol';
import { RefreshRunLog } from './refresh-run-log';
import { nextDailyRun, retryDelayMs } from './refresh-schedule';
import { utcDate } from './refresh-universe';
import { SnapshotStore } from './snapshot-store';
import type { UniverseConfig } from './universe-config';

export interface UniverseServiceOptions extends PollerJobOptions {
  config: UniverseConfig;
  now?: () => Date;
  retryDelaysMs?: { first: number; max: number };
  /** A run the poller has not finished by then is failed (it is still bounded by its own timeouts). */
  runTimeoutMs?: number;
  /** How long a refresh waits for a (re)starting poller before failing. */
  pollerReadyWaitMs?: number;
}

type RunOutcome = PollerMessage | { type: 'lost'; error: string };

interface ActiveRun {
  run: RefreshRun;
  settle: (outcome: RunOutcome) => void;
  /** Resolves with the recorded run once it has succeeded or failed. */
  finished: Promise<RefreshRun>;
}

/**
 * The host side of the universe: asks the poller process for refreshes (never two at once), relays
 * their progress as `universe.progress`, records every run, and keeps the schedule: at start when
 * today's snapshot is missing, daily shortly after 00:00 UTC, and again with back-off after a failure.
 */
export class UniverseService {
  private active: ActiveRun | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextRunAt: Date | null = null;
  private consecutiveFailures = 0;
  private stopped = false;
  private readonly now: () => Date;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly options: UniverseServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.unsubscribe.push(
      options.poller.onMessage((message) => this.onPollerMessage(message)),
      options.poller.onStateChange((status) => {
        if (this.active && (status.state === 'crashed' || status.state === 'stopped')) {
          this.active.settle({
            type: 'lost',
            error: `The poller process stopped during the refresh (${status.lastExit ?? 'no exit status'}); it is being restarted.`,
          });
        }
      }),
    );
  }

  async start(): Promise<void> {
    const interrupted = await this.runLog().closeInterrupted();
    if (interrupted > 0)
      this.options.logger.warn('closed refresh runs interrupted by the last shutdown', { interrupted });
    const today = utcDate(this.now());
    const latest = await this.snapshots().dates();
    if (latest[0] !== today) {
      // Not awaited: start-up does not wait for the network.
      void this.refresh('startup');
    } else {
      this.schedule(nextDailyRun(this.now()), 'schedule');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe.forEach((off) => off());
    const active = this.active;
    active?.settle({ type: 'lost', error: 'Synthex stopped during this refresh' });
    // The run is written down as lost before the databases close (a write after that is refused), waiting
    // at most 2 s: a run still waiting for the poller to start records nothing worth holding shutdown for.
    if (active) {
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)));
      await Promise.race([active.finished.catch(() => undefined), bound]);
      clearTimeout(timer);
    }
  }

  /** Read again when a refresh began or ended during the read: its snapshot and its run go together. */
  async state(): Promise<UniverseState> {
    return steadyRead(
      () => this.active,
      async () => {
        const [snapshot, lastRun] = await Promise.all([
          this.snapshots().latest(),
          this.runLog().lastFinished(),
        ]);
        const snapshotWrittenBy = snapshot ? await this.runLog().lastSucceededFor(snapshot.fetchDate) : null;
        return {
          snapshot,
          lastRun,
          snapshotWrittenBy,
          running: this.active?.run ?? null,
          nextRunAt: this.nextRunAt?.toISOString() ?? null,
        };
      },
    );
  }

  async history(date?: string): Promise<UniverseHistory> {
    const store = this.snapshots();
    const [dates, snapshot] = await Promise.all([
      store.dates(),
      date ? store.forDate(date) : Promise.resolve(null),
    ]);
    return { dates, snapshot };
  }

  /** Starts a refresh unless one is running; either way returns the run, and its outcome arrives as events. */
  async refresh(
    reason: RefreshReason,
  ): Promise<{ started: boolean; run: RefreshRun; finished: Promise<RefreshRun> }> {
    if (this.active) return { started: false, run: this.active.run, finished: this.active.finished };
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextRunAt = null;
    const run = await this.runLog().start(reason);
    let settle!: ActiveRun['settle'];
    const outcome = new Promise<RunOutcome>((resolve) => (settle = resolve));
    const active = { run, settle } as ActiveRun;
    this.active = active;
    active.finished = this.execute(active, outcome);
    // Nobody may wait for a scheduled run: a failure to record it is logged, not left unhandled.
    active.finished.catch((error: unknown) =>
      this.options.logger.warn('could not record the universe refresh run', {
        runId: run.id,
        error: String(error),
      }),
    );
    return { started: true, run, finished: active.finished };
  }

  private async execute(active: ActiveRun, outcome: Promise<RunOutcome>): Promise<RefreshRun> {
    const runId = active.run.id;
    const timeout = setTimeout(
      () => active.settle({ type: 'lost', error: 'The refresh did not finish within its time limit' }),
      this.options.runTimeoutMs ?? 10 * 60_000,
    );
    const result = await runOnPoller(
      this.options.poller,
      this.options.pollerReadyWaitMs ?? 30_000,
      (): RefreshRequest => {
        const { connection } = this.options.general();
        return {
          type: 'refresh',
          runId,
          config: {
            generalDb: connection as RefreshRequest['config']['generalDb'],
            bybitRestUrl: this.options.bybitRestUrl(),
            coingeckoUrl: this.options.config.coingeckoUrl,
            coingeckoApiKey: this.options.config.coingeckoApiKey,
            depthPages: this.options.config.depthPages,
          },
        };
      },
      outcome,
    );
    clearTimeout(timeout);
    this.active = null;
    const total = 4 + this.options.config.depthPages;
    let finished: RefreshRun;
    if (result.type === 'done') {
      finished = await this.runLog().finish(runId, {
        status: 'succeeded',
        fetchDate: result.fetchDate,
        assets: result.assets,
      });
      this.consecutiveFailures = 0;
      this.options.logger.info('universe refreshed', {
        runId,
        assets: result.assets,
        fetchDate: result.fetchDate,
        roundTrips: result.roundTrips,
      });
      this.emit({
        runId,
        stage: 'done',
        done: total,
        total,
        message: `Saved ${result.assets} assets for ${result.fetchDate}`,
      });
      this.schedule(nextDailyRun(this.now()), 'schedule');
    } else {
      const error = 'error' in result ? result.error : 'unexpected reply from the poller';
      finished = await this.runLog().finish(runId, { status: 'failed', error });
      this.consecutiveFailures += 1;
      this.options.logger.warn('universe refresh failed', { runId, error });
      this.emit({ runId, stage: 'failed', done: 0, total, message: error });
      const delay = retryDelayMs(
        this.consecutiveFailures,
        this.options.retryDelaysMs ?? { first: 60_000, max: 3_600_000 },
      );
      this.schedule(new Date(this.now().getTime() + delay), 'retry');
    }
    return finished;
  }

  private onPollerMessage(raw: unknown): void {
    const parsed = pollerMessageSchema.safeParse(raw);
    if (!parsed.success || !this.active || parsed.data.runId !== this.active.run.id) return;
    const message = parsed.data;
    if (message.type === 'progress') {
      const { runId, stage, done, total, message: text } = message;
      this.emit({ runId, stage, done, total, message: text });
    } else {
      this.active.settle(message);
    }
  }

  private emit(progress: {
    runId: number;
    stage: 'done' | 'failed' | PollerProgressStage;
    done: number;
    total: number;
    message: string;
  }): void {
    if (!this.stopped) this.options.events.emit('universe.progress', progress);
  }

  private schedule(at: Date, reason: RefreshReason): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextRunAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.refresh(reason);
      },
      Math.max(0, at.getTime() - this.now().getTime()),
    );
    this.timer.unref();
  }

  private snapshots(): SnapshotStore {
    return new SnapshotStore(this.options.general().db);
  }

  private runLog(): RefreshRunLog {
    return new RefreshRunLog(this.options.general().db);
  }
}

type PollerProgressStage = Extract<PollerMessage, { type: 'progress' }>['stage'];
