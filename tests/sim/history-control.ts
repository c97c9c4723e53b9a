import { z } from 'zod';
import { controlRoutes } from './control-routes';
import type { Engine } from './bybit/engine';

/**
 * The simulated past of the market-history endpoints (bybit/history.ts): how long it is, and which
 * requests reached them. Part of SimControl (types.ts) and of the `POST /__sim/<name>` routes (control.ts).
 */
export interface HistoryControl {
  /**
   * Whole UTC days of mark-price klines and funding settlements before the simulator's start day (0 to
   * 2000; `startSimulator({ historyDays })` sets it at start). The past is regenerated from the seed.
   */
  setMarketHistory(opts: { days: number }): void;
  /** The past served: its length, its first moment and the simulator's start (ms). */
  marketHistoryWindow(): { days: number; start: number; anchor: number };
  /** Extension: requests served per endpoint path and symbol since the start. */
  marketHistoryRequests(): Record<string, Record<string, number>>;
}

export function createHistoryControl(engine: Engine): HistoryControl {
  return {
    setMarketHistory({ days }) {
      engine.history.setDays(days);
    },
    marketHistoryWindow: () => engine.history.window(),
    marketHistoryRequests() {
      const out: Record<string, Record<string, number>> = {};
      for (const [path, bySymbol] of engine.history.requests) out[path] = Object.fromEntries(bySymbol);
      return out;
    },
  };
}

const historySchemas = {
  setMarketHistory: z.object({ days: z.number().int().min(0).max(2000) }).strict(),
  marketHistoryWindow: z.object({}).strict(),
  marketHistoryRequests: z.object({}).strict(),
} as const;

/** The market-history routes: their bodies validated, then the control called. */
export const historyRoutes = controlRoutes<HistoryControl, typeof historySchemas>(historySchemas, {
  setMarketHistory: (c, a) => c.setMarketHistory(a),
  marketHistoryWindow: (c) => c.marketHistoryWindow(),
  marketHistoryRequests: (c) => c.marketHistoryRequests(),
});
