import { z } from 'zod';
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

export type HistoryRoute = keyof typeof historySchemas;

export function isHistoryRoute(name: string): name is HistoryRoute {
  return Object.hasOwn(historySchemas, name);
}

export function dispatchHistory(c: HistoryControl, name: HistoryRoute, input: unknown): unknown {
  switch (name) {
    case 'setMarketHistory':
      return c.setMarketHistory(historySchemas.setMarketHistory.parse(input));
    case 'marketHistoryWindow':
      historySchemas.marketHistoryWindow.parse(input);
      return c.marketHistoryWindow();
    case 'marketHistoryRequests':
      historySchemas.marketHistoryRequests.parse(input);
      return c.marketHistoryRequests();
  }
}
