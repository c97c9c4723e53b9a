import { useEffect, useRef, useState } from 'react';
import { createPreviewRunner, type PreviewRunner, type PreviewRunState } from './preview-runner';

export type RunnerState<Request, Result> = PreviewRunState<Request, Result> & { refresh(): void };

/**
 * The answer to the current request (a preview, a backtest): asked for after a pause of `delayMs` in
 * typing, answers to older requests ignored, asked again when `staleOn` calls back (it subscribes to
 * whatever makes the answer old and returns the unsubscribe). `key` says everything the request does: a new
 * object with the same values asks nothing new. The options are read once, when the component mounts.
 */
export function useRunner<Request, Result>(
  request: Request | null,
  key: string,
  options: {
    fetch(request: Request): Promise<Result>;
    delayMs: number;
    staleOn(refresh: () => void): () => void;
  },
): RunnerState<Request, Result> {
  const runner = useRef<PreviewRunner<Request> | null>(null);
  const initial = useRef(options);
  const [state, setState] = useState<PreviewRunState<Request, Result>>({
    result: null,
    resultFor: null,
    error: null,
    pending: request !== null,
  });

  useEffect(() => {
    const { fetch, delayMs, staleOn } = initial.current;
    const created = createPreviewRunner<Request, Result>({ fetch, delayMs, onChange: setState });
    runner.current = created;
    const off = staleOn(() => created.refresh());
    return () => {
      off();
      created.dispose();
      runner.current = null;
    };
  }, []);

  useEffect(() => {
    runner.current?.request(request);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return { ...state, refresh: () => runner.current?.refresh() };
}
