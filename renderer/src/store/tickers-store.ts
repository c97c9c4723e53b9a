import { useEffect } from 'react';
import { create } from 'zustand';
import type { MarketTicker } from '../../../shared/domain/market';
import { api } from '../api/client';
import { loader } from './loader';

interface TickersState {
  /** Every linear perpetual's ticker by symbol; null until the first answer. */
  bySymbol: ReadonlyMap<string, MarketTicker> | null;
  at: string | null;
  error: string | null;
  load(): Promise<void>;
}

/** Bybit's tickers (price, 24 h change, funding rate and interval, open interest), read while a page shows them. */
export const useTickers = create<TickersState>((set) => ({
  bySymbol: null,
  at: null,
  error: null,
  load: loader(
    set,
    'error',
    (answer) => ({ bySymbol: new Map(answer.tickers.map((t) => [t.symbol, t])), at: answer.at }),
    () => api.invoke('universe.tickers', {}),
  ),
}));

/** How often the tickers are read while a page that shows them is open (one request for every symbol). */
const pollMs = 15_000;

/** Reads the tickers now and every 15 s while the calling page is mounted. */
export function usePolledTickers(): ReadonlyMap<string, MarketTicker> | null {
  useEffect(() => {
    void useTickers.getState().load();
    const timer = setInterval(() => void useTickers.getState().load(), pollMs);
    return () => clearInterval(timer);
  }, []);
  return useTickers((state) => state.bySymbol);
}
