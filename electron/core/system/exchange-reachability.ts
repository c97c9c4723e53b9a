import type { ExchangeReachability } from '../../../shared/domain/system';
import { isLoopbackHostname } from '../../../shared/domain/url-schemas';
import { BybitGateway, type ExchangeEndpoints } from '../exchange';
import { silentLogger, type Logger } from '../util/logger';

export interface ExchangeReachabilityOptions {
  endpoints: () => ExchangeEndpoints;
  logger: Logger;
  /** How often to look again: soon while it fails, rarely once it answers. */
  intervalMs?: { unreachable: number; reachable: number };
  now?: () => Date;
}

/** The lightest public call there is, through the SDK like all Bybit traffic; no key involved. */
async function serverTime(endpoints: ExchangeEndpoints): Promise<void> {
  // Silent: a failure is reported once, as a change of state, not on every look while offline.
  const gateway = new BybitGateway({
    endpoints,
    logger: silentLogger,
    requestTimeoutMs: 5_000,
    readRetries: 0,
  });
  await gateway.syncClock();
}

/** What Synthex's Bybit simulator (tests/sim) answers at this path; Bybit itself has no such path. */
export const simulatorIdentityPath = '/__sim/identity';
export const simulatorIdentity = 'synthex-bybit-simulator';

/**
 * Whether a custom URL is Synthex's own simulator: only when it is on this machine (loopback) and says so
 * at its identity path. A loopback URL alone proves nothing (it may be a tunnel to the real Bybit), and
 * calling that "Simulator" would be the one mistake that costs money; so the label needs the answer.
 */
async function identifiesAsSimulator(endpoints: ExchangeEndpoints): Promise<boolean> {
  if (endpoints.environment !== 'custom') return false;
  try {
    const url = new URL(`${endpoints.restUrl}${simulatorIdentityPath}`);
    if (!isLoopbackHostname(url.hostname)) return false;
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return false;
    const body = (await response.json()) as { simulator?: unknown };
    return body.simulator === simulatorIdentity;
  } catch {
    return false;
  }
}

/**
 * Whether the chosen exchange answers, so the first screen can say "Bybit is unreachable" instead of
 * leaving a trader with NETWORK lines in a log. Checked at start, after a settings change, and then
 * periodically; only state changes are reported.
 */
export class ExchangeReachabilityMonitor {
  private value: ExchangeReachability = {
    state: 'checking',
    message: null,
    checkedAt: null,
    simulator: false,
  };
  private timer: NodeJS.Timeout | null = null;
  private generation = 0;
  private stopped = false;
  private readonly listeners = new Set<(value: ExchangeReachability) => void>();
  private readonly now: () => Date;

  constructor(private readonly options: ExchangeReachabilityOptions) {
    this.now = options.now ?? (() => new Date());
  }

  current(): ExchangeReachability {
    return this.value;
  }

  onChange(listener: (value: ExchangeReachability) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts (or restarts, after the environment changed) the checks; resolves after the first one. */
  async check(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const endpoints = this.options.endpoints();
    let next: ExchangeReachability;
    try {
      if (!endpoints.restUrl) throw new Error('no REST base URL is set');
      await serverTime(endpoints);
      const simulator = await identifiesAsSimulator(endpoints);
      next = { state: 'reachable', message: null, checkedAt: this.now().toISOString(), simulator };
    } catch (error) {
      next = {
        state: 'unreachable',
        message: error instanceof Error ? error.message : String(error),
        checkedAt: this.now().toISOString(),
        simulator: false,
      };
    }
    // A check started before the environment changed says nothing about the new one.
    if (generation !== this.generation || this.stopped) return;
    const changed =
      next.state !== this.value.state ||
      next.message !== this.value.message ||
      next.simulator !== this.value.simulator;
    this.value = next;
    if (changed) {
      if (next.state === 'unreachable')
        this.options.logger.warn('exchange unreachable', { restUrl: endpoints.restUrl, error: next.message });
      for (const listener of this.listeners) listener(next);
    }
    const { unreachable, reachable } = this.options.intervalMs ?? { unreachable: 15_000, reachable: 300_000 };
    this.timer = setTimeout(() => void this.check(), next.state === 'reachable' ? reachable : unreachable);
    this.timer.unref?.();
  }

  /** The environment changed: its reachability is unknown until checked. */
  recheck(): void {
    this.value = { state: 'checking', message: null, checkedAt: null, simulator: false };
    for (const listener of this.listeners) listener(this.value);
    void this.check();
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
