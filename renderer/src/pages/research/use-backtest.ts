import type { BacktestResult } from '../../../../shared/domain/backtest';
import { api } from '../../api/client';
import { useRunner, type RunnerState } from '../new-position/use-runner';
import { useMemo, useState } from 'react';
import { formFailure } from '../../forms/form-failure';
import {
  backtestKey,
  backtestLabels,
  rebalanceChoices,
  windowOf,
  type BacktestRequestInput,
  type Period,
  type RebalanceChoice,
} from './backtest-terms';

/** A pause this long in typing sends the backtest (it reads a year of history: not on every key). */
export const backtestDebounceMs = 400;

export type BacktestState = RunnerState<BacktestRequestInput, BacktestResult>;

/**
 * The backtest of the current terms: debounced, latest-only (an answer for older terms is dropped), and
 * asked again when a market-history run finishes (new days stored).
 */
export function useBacktest(request: BacktestRequestInput | null): BacktestState {
  return useRunner(request, backtestKey(request), {
    fetch: (next) => api.invoke('indices.backtest', next),
    delayMs: backtestDebounceMs,
    staleOn: (refresh) =>
      api.on('universe.historyProgress', (progress) => {
        if (progress.stage === 'done') refresh();
      }),
  });
}

/** What a backtest asks besides its window and rebalance rule: the index and the position's terms. */
export type BacktestTerms = Omit<BacktestRequestInput, 'from' | 'to' | 'rebalance'>;

/**
 * The backtest of `terms` (null: not complete yet) over the window and rebalance rule chosen in its
 * BacktestControls (`controls` is their props but the id prefix), and its failure in words by field. Give
 * `terms` a stable identity (useMemo): a new object asks again with a new window.
 */
export function useBacktestOf(terms: BacktestTerms | null, initialPeriod: Period) {
  const [period, setPeriod] = useState<Period>(initialPeriod);
  const [rebalance, setRebalance] = useState<RebalanceChoice>('month');
  // The window is the last closed days as of when the terms were chosen: not a moving target per render.
  const request = useMemo<BacktestRequestInput | null>(
    () =>
      terms === null
        ? null
        : { ...terms, ...windowOf(period, Date.now()), rebalance: rebalanceChoices[rebalance].rule },
    [terms, period, rebalance],
  );
  const state = useBacktest(request);
  const failure = state.error !== null ? formFailure(state.error, backtestLabels) : null;
  const errors = {
    period: failure?.fields.from ?? failure?.fields.to,
    rebalance: failure?.fields.rebalance,
  };
  const controls = { period, rebalance, errors, onPeriod: setPeriod, onRebalance: setRebalance };
  return { state, failure, period, controls };
}
