/**
 * Headless mode as the explorer drives it: a real child process (so a SIGKILL is a real power cut and a
 * restart really reopens the databases), one contract connection at a time, and the answers of calls
 * still in flight when it died.
 */
import { Mutex } from '../../electron/core/util/mutex';
import { SynthexError, type ChannelName, type RequestOf, type ResponseOf } from '../../shared/contract';
import {
  connectContract,
  startAppProcess,
  type AppProcess,
  type ContractClient,
} from '../support/headless-process';

export class AppUnderTest {
  private process: AppProcess | null = null;
  private client: ContractClient | null = null;
  /** Calls not answered yet. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Starts, stops and kills one at a time: two starts at once would leave two processes on one data dir. */
  private readonly lifecycle = new Mutex();

  /**
   * @param onUnanswered hears of a call headless mode never answered within `answerWithinMs`: a request
   *   a trader's screen would wait on forever (a finding, not a fault of the explorer's making).
   */
  constructor(
    private readonly dataDir: string,
    private readonly env: Record<string, string>,
    private readonly onUnanswered: (channel: string) => void = () => undefined,
    private readonly answerWithinMs = 120_000,
    /** Where every start appends the app's log lines (none kept when absent). */
    private readonly logTo?: string,
  ) {}

  /** Started, and not exited since (a crash on its own counts as stopped). */
  get running(): boolean {
    const child = this.process?.child;
    return this.client !== null && !!child && child.exitCode === null && child.signalCode === null;
  }

  /** Starts the process; the error (it exited before it was ready) is the message it printed. */
  start(): Promise<void> {
    return this.lifecycle.run(async () => {
      if (this.process) throw new Error('headless mode is already running');
      const started = await startAppProcess(this.dataDir, this.env, undefined, this.logTo);
      try {
        this.client = await connectContract(started.url);
      } catch (error) {
        await started.kill(true);
        throw error;
      }
      this.process = started;
    });
  }

  /** SIGTERM, as a trader quits: it stops at its next safe point. */
  stop(): Promise<void> {
    return this.lifecycle.run(async () => {
      this.client?.close();
      this.client = null;
      await this.process?.stop();
      this.process = null;
    });
  }

  /** SIGKILL the app alone (its poller orphaned) or its whole process group. */
  kill(group: boolean): Promise<void> {
    return this.lifecycle.run(async () => {
      this.client?.close();
      this.client = null;
      await this.process?.kill(group);
      this.process = null;
    });
  }

  /** A contract call awaited by the caller. */
  async invoke<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
    if (!this.client) throw new Error('headless mode is not running');
    let timer: NodeJS.Timeout | undefined;
    const unanswered = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.onUnanswered(channel);
        reject(new Error(`no answer to ${channel} within ${this.answerWithinMs / 1000} s`));
      }, this.answerWithinMs);
    });
    try {
      return await Promise.race([this.client.invoke(channel, payload), unanswered]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A contract call the explorer does not wait for, as a trader clicks and moves on; `answered` hears how
   * it ended ("ok", "CONFLICT: …", "connection closed").
   */
  fire<C extends ChannelName>(
    channel: C,
    payload: RequestOf<C>,
    answered: (outcome: string, result: ResponseOf<C> | null) => void,
  ): void {
    const call = this.invoke(channel, payload).then(
      (result) => answered('ok', result),
      (error: unknown) => answered(describeError(error), null),
    );
    this.inFlight.add(call);
    void call.finally(() => this.inFlight.delete(call));
  }

  /** Until every fired call has answered (a killed process answers them all with "connection closed"). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof SynthexError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
