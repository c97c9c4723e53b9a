import { useEffect, useRef, useState } from 'react';
import type { BacktestResult } from '../../../../shared/domain/backtest';
import { api } from '../../api/client';
import {
  createPreviewRunner,
  type PreviewRunner,
  type PreviewRunState,
} from '../new-position/preview-runner';
import { backtestKey, type BacktestRequestInput } from './backtest-terms';

/** A pause this long in typing sends the backtest (it reads a year of history: not on every key). */
export const backtestDebounceMs = 400;

export type BacktestState = PreviewRunState<BacktestRequestInput, BacktestResult>;

/**
 * The backtest of the current terms: debounced, latest-only (an answer for older terms is dropped), and
 * asked again when a market-history run finishes (new days stored).
 */
export function useBacktest(request: BacktestRequestInput | null): BacktestState {
  const runner = useRef<PreviewRunner<BacktestRequestInput> | null>(null);
  const [state, setState] = useState<BacktestState>({
    result: null,
    resultFor: null,
    error: null,
    pending: request !== null,
  });

  useEffect(() => {
    const created = createPreviewRunner<BacktestRequestInput, BacktestResult>({
      fetch: (next) => api.invoke('indices.backtest', next),
      delayMs: backtestDebounceMs,
      onChange: setState,
    });
    runner.current = created;
    const off = api.on('universe.historyProgress', (progress) => {
      if (progress.stage === 'done') created.refresh();
    });
    return () => {
      off();
      created.dispose();
      runner.current = null;
    };
  }, []);

  const key = backtestKey(request);
  useEffect(() => {
    runner.current?.request(request);
    // The key says everything the request does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return state;
}
