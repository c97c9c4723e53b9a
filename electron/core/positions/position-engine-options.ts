import type { ReconcilerOptions } from '../drift/reconciler';
import type { OrderRunnerOptions } from './order-runner';

export interface PositionEngineOptions {
  /** Attempts per leg (open) and per close round (default 3). */
  maxAttempts?: number;
  /** Pause before a retry attempt (default 400 ms). */
  retryPauseMs?: number;
  runner?: OrderRunnerOptions;
  /** Back-off before driving a stuck position again (default 2 s doubling to 60 s). */
  retryDelayMs?: { first: number; max: number };
  /** Delay that coalesces bursts of fills into one positions.updated per position (default 25 ms). */
  updateCoalesceMs?: number;
  reconciler?: ReconcilerOptions;
  /** How long the pre-trade guard waits for a position push that catches up with a fill (default 500 ms). */
  pushWaitMs?: number;
  /** How often each account's instruments are read for delistings (default 10 minutes). */
  delistingCheckMs?: number;
  /** Called at each stage of a position's work (the bench prints where the time goes). */
  trace?: (positionId: number, stage: string) => void;
}
