import type { PollerStatus, ProcessState } from '../../../shared/domain/system';
import type { Logger } from '../util/logger';
import type { ChildHandle, SpawnChild } from './child-handle';
import { readyMessageSchema, stopMessage } from './child-protocol';

export interface SupervisorOptions {
  name: string;
  entry: string;
  spawn: SpawnChild;
  logger: Logger;
  /** A child that has not said ready by then is killed and treated as crashed. */
  readyTimeoutMs?: number;
  /** How long a stopping child may take before it is killed. */
  stopTimeoutMs?: number;
  /** Restart delays grow from the first to the max, doubling per consecutive crash. */
  restartDelayMs?: { first: number; max: number };
  /** A child that stays up this long has recovered: the next crash starts the delays over. */
  stableAfterMs?: number;
}

type Listener<T> = (value: T) => void;

/**
 * Keeps one child process alive: fork, wait for its ready handshake, notice crashes, restart with
 * exponential backoff, and stop it on request within a deadline.
 */
export class SupervisedProcess {
  private child: ChildHandle | null = null;
  private state: ProcessState = 'stopped';
  private since = new Date();
  private restarts = 0;
  private consecutiveCrashes = 0;
  private lastExit: string | null = null;
  /** Why we killed the child ourselves, so its exit is reported for what it was. */
  private killReason: string | null = null;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private readyTimer: NodeJS.Timeout | null = null;
  private stableTimer: NodeJS.Timeout | null = null;
  private readyWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private readonly stateListeners = new Set<Listener<PollerStatus>>();
  private readonly messageListeners = new Set<Listener<unknown>>();
  private readonly options: Required<SupervisorOptions>;

  constructor(options: SupervisorOptions) {
    this.options = {
      readyTimeoutMs: 15_000,
      stopTimeoutMs: 5_000,
      restartDelayMs: { first: 500, max: 30_000 },
      stableAfterMs: 60_000,
      ...options,
    };
  }

  status(): PollerStatus {
    return {
      state: this.state,
      pid: this.child?.pid ?? null,
      restarts: this.restarts,
      lastExit: this.lastExit,
      since: this.since.toISOString(),
    };
  }

  onStateChange(listener: Listener<PollerStatus>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onMessage(listener: Listener<unknown>): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /** Starts the child; resolves at its first ready handshake (later restarts happen on their own). */
  start(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    this.stopping = false;
    const ready = new Promise<void>((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
    if (this.state === 'stopped') this.launch();
    return ready;
  }

  send(message: unknown): boolean {
    if (this.state !== 'ready' || !this.child) return false;
    this.child.send(message);
    return true;
  }

  /** Asks the child to exit, kills it after the deadline, and cancels any pending restart. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.clearTimers();
    const child = this.child;
    if (!child) {
      this.setState('stopped');
      return;
    }
    await new Promise<void>((resolve) => {
      const killTimer = setTimeout(() => {
        this.options.logger.warn('child did not stop in time; killing it', { name: this.options.name });
        child.kill();
      }, this.options.stopTimeoutMs);
      child.onExit(() => {
        clearTimeout(killTimer);
        resolve();
      });
      child.send(stopMessage);
    });
  }

  private launch(): void {
    this.setState(this.restarts === 0 && this.consecutiveCrashes === 0 ? 'starting' : 'restarting');
    let child: ChildHandle;
    try {
      child = this.options.spawn(this.options.entry, this.options.name);
    } catch (error) {
      this.handleExit(null, `could not start: ${String(error)}`);
      return;
    }
    this.child = child;
    this.readyTimer = setTimeout(() => {
      this.options.logger.error('child did not become ready in time', { name: this.options.name });
      this.killReason = `no ready handshake within ${this.options.readyTimeoutMs} ms`;
      child.kill();
    }, this.options.readyTimeoutMs);
    child.onMessage((message) => {
      if (this.child !== child) return;
      if (this.state !== 'ready' && readyMessageSchema.safeParse(message).success) {
        this.becomeReady();
        return;
      }
      for (const listener of this.messageListeners) listener(message);
    });
    child.onExit((code) => {
      if (this.child !== child) return;
      this.handleExit(code, null);
    });
  }

  private becomeReady(): void {
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.readyTimer = null;
    this.setState('ready');
    this.stableTimer = setTimeout(() => {
      this.consecutiveCrashes = 0;
    }, this.options.stableAfterMs);
    for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
  }

  private handleExit(code: number | null, reason: string | null): void {
    this.clearTimers();
    this.child = null;
    if (this.stopping) {
      this.setState('stopped');
      for (const waiter of this.readyWaiters.splice(0))
        waiter.reject(new Error(`${this.options.name} was stopped`));
      return;
    }
    this.lastExit = reason ?? this.killReason ?? `exited with code ${code ?? 'null (killed)'}`;
    this.killReason = null;
    this.consecutiveCrashes += 1;
    this.restarts += 1;
    const { first, max } = this.options.restartDelayMs;
    const delay = Math.min(max, first * 2 ** (this.consecutiveCrashes - 1));
    this.options.logger.warn('child exited unexpectedly; restarting', {
      name: this.options.name,
      lastExit: this.lastExit,
      delayMs: delay,
    });
    this.setState('crashed');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.launch();
    }, delay);
  }

  private clearTimers(): void {
    for (const timer of [this.restartTimer, this.readyTimer, this.stableTimer])
      if (timer) clearTimeout(timer);
    this.restartTimer = this.readyTimer = this.stableTimer = null;
  }

  private setState(state: ProcessState): void {
    this.state = state;
    this.since = new Date();
    const status = this.status();
    for (const listener of this.stateListeners) listener(status);
  }
}
