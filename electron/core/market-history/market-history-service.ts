import type { HistoryRun, MarketHistoryState } from '../../../shared/domain/market-history';
import { runOnPoller } from '../process/poller-run';
import type { PollerJobOptions } from '../universe/poller-job-options';
import { retryDelayMs } from '../universe/refresh-schedule';
import { steadyRead } from '../util/steady-read';
import { currentFetcher } from './fetch-lock';
import type { HistoryConfig } from './history-config';
import { historyMessageSchema, type HistoryMessage, type HistoryRequest } from './history-protocol';
import { storedHistory } from './stored-history';

export interface MarketHistoryServiceOptions extends PollerJobOptions {
  config: HistoryConfig;
  /** Symbols to fetch beside the ranks (the benchmark, saved baskets) and how deep rules reach. */
  wanted: () => Promise<{ extraSymbols: string[]; rankDepth: number }>;
  /** After a skip another process fetches; look again this much later, in case it stopped. */
  recheckMs?: number;
}

type Outcome = Exclude<HistoryMessage, { type: 'history-progress' }> | { type: 'lost'; error: string };

/**
 * The host side of the market history: asks the poller for a run (never two at once) at start and after
 * each universe refresh, relays its progress as `universe.historyProgress`, and says in the log and the
 * Universe page whether this process fetches or reads what another one fetches into the same General
 * Data DB. A run lost with the poller is asked again as soon as the poller is back: it resumes from what
 * was written.
 */
export class MarketHistoryService {
  private active: {
    run: HistoryRun;
    progress: MarketHistoryState['running'];
    settle: (o: Outcome) => void;
  } | null = null;
  private lastRun: HistoryRun | null = null;
  private nextRunId = 1;
  private timer: NodeJS.Timeout | null = null;
  private nextRunAt: Date | null = null;
  private failures = 0;
  /** A run was asked for while one was going (a refresh may have ranked new coins): one more after it. */
  private again = false;
  private stopped = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly options: MarketHistoryServiceOptions) {
    this.unsubscribe.push(
      options.poller.onMessage((message) => this.onMessage(message)),
      options.poller.onStateChange((status) => {
        if (this.active && (status.state === 'crashed' || status.state === 'stopped'))
          this.active.settle({
            type: 'lost',
            error: `the poller process stopped (${status.lastExit ?? 'no exit status'})`,
          });
      }),
      // A new snapshot may rank new coins: fetch their history too.
      options.events.subscribe((event, payload) => {
        if (event === 'universe.progress' && (payload as { stage?: string }).stage === 'done')
          void this.run();
      }),
    );
  }

  async start(): Promise<void> {
    const { db } = this.options.general();
    const anySnapshot = await db
      .selectFrom('daily_tradable_assets')
      .select('symbol')
      .limit(1)
      .executeTakeFirst();
    // Without a snapshot there is nothing to fetch for yet: the first refresh's event starts the first run.
    if (anySnapshot) void this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe.forEach((off) => off());
    this.active?.settle({ type: 'lost', error: 'Synthex stopped during this run' });
  }

  /** Read again when a run began or ended during the read: the holder seen may be this app's own poller. */
  async state(): Promise<MarketHistoryState> {
    const { db } = this.options.general();
    return steadyRead(
      () => this.active,
      async () => {
        const [holder, stored] = await Promise.all([currentFetcher(db), storedHistory(db)]);
        return {
          fetcher: this.active ? 'this' : holder ? 'other' : 'none',
          holder: this.active ? null : holder,
          running: this.active?.progress ?? null,
          lastRun: this.lastRun,
          stored,
          keepDays: this.options.config.keepDays,
          nextRunAt: this.nextRunAt?.toISOString() ?? null,
        };
      },
    );
  }

  /** Starts a run unless one is going; resolves when it has ended (whatever the outcome). */
  async run(): Promise<HistoryRun | null> {
    if (this.active) this.again = true;
    if (this.active || this.stopped) return this.active?.run ?? this.lastRun;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextRunAt = null;
    const run: HistoryRun = {
      runId: this.nextRunId++,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      outcome: 'running',
      symbols: 0,
      requests: 0,
      rows: 0,
      failures: [],
      error: null,
    };
    let settle!: (o: Outcome) => void;
    const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
    this.active = { run, progress: { runId: run.runId, done: 0, total: 0, message: 'Starting' }, settle };
    const result = await runOnPoller(
      this.options.poller,
      30_000,
      async (): Promise<HistoryRequest> => {
        const { connection } = this.options.general();
        const { extraSymbols, rankDepth } = await this.options.wanted();
        return {
          type: 'history',
          runId: run.runId,
          config: {
            generalDb: connection as HistoryRequest['config']['generalDb'],
            bybitRestUrl: this.options.bybitRestUrl(),
            keepDays: this.options.config.keepDays,
            rankDepth,
            extraSymbols,
            requestsPerFiveSeconds: this.options.config.requestsPerFiveSeconds,
            concurrency: this.options.config.concurrency,
          },
        };
      },
      outcome,
    );
    this.active = null;
    this.lastRun = this.finish(run, result);
    if (this.again && !this.stopped && result.type === 'history-done') {
      this.again = false;
      void this.run();
    }
    return this.lastRun;
  }

  private finish(run: HistoryRun, result: Outcome): HistoryRun {
    const { logger } = this.options;
    const finished = { ...run, finishedAt: new Date().toISOString() };
    if (result.type === 'history-done') {
      this.failures = 0;
      const { symbols, requests, rows, failures, durationMs } = result;
      logger.info('market history fetched', {
        runId: run.runId,
        symbols,
        requests,
        rows,
        failures: failures.length,
        durationMs,
      });
      this.emit(
        run.runId,
        'done',
        symbols,
        symbols,
        `${symbols} perpetuals up to date (${rows} new rows, ${requests} requests)`,
      );
      if (failures.length > 0) this.schedule(30 * 60_000); // the symbols that failed, from where they stopped
      return { ...finished, outcome: 'done', symbols, requests, rows, failures };
    }
    if (result.type === 'history-skipped') {
      logger.info(
        'market history: another Synthex process fetches it into this General Data DB; this one reads',
        {
          fetcher: result.holder,
        },
      );
      this.emit(
        run.runId,
        'skipped',
        0,
        0,
        `Another Synthex process fetches the history (${result.holder}); this one reads it`,
      );
      this.schedule(this.options.recheckMs ?? 15 * 60_000);
      return { ...finished, outcome: 'skipped', error: null };
    }
    const error = result.error;
    this.failures += 1;
    logger.warn('market history run failed', { runId: run.runId, error });
    this.emit(run.runId, 'failed', 0, 0, error);
    // A poller that died mid-run is back within seconds: resume at once, from what was written.
    const lost = result.type === 'lost' && !this.stopped;
    this.schedule(lost ? 2_000 : retryDelayMs(this.failures, { first: 60_000, max: 3_600_000 }));
    return { ...finished, outcome: 'failed', error };
  }

  private onMessage(raw: unknown): void {
    const parsed = historyMessageSchema.safeParse(raw);
    if (!parsed.success || !this.active || parsed.data.runId !== this.active.run.runId) return;
    const message = parsed.data;
    if (message.type !== 'history-progress') return this.active.settle(message);
    this.active.progress = {
      runId: message.runId,
      done: message.done,
      total: message.total,
      message: message.message,
    };
    this.emit(message.runId, 'fetching', message.done, message.total, message.message);
  }

  private emit(
    runId: number,
    stage: 'fetching' | 'done' | 'skipped' | 'failed',
    done: number,
    total: number,
    message: string,
  ) {
    if (!this.stopped)
      this.options.events.emit('universe.historyProgress', { runId, stage, done, total, message });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextRunAt = new Date(Date.now() + delayMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delayMs);
    this.timer.unref();
  }
}
