/** What the page shows about the preview it asked for. */
export interface PreviewRunState<Request, Result> {
  /** The newest answer, kept on screen while a newer request is on its way. */
  result: Result | null;
  /** The request `result` answers. */
  resultFor: Request | null;
  error: unknown;
  /** A request is waiting for its debounce or its answer. */
  pending: boolean;
}

export interface PreviewRunner<Request> {
  /** Asks for `request` after the debounce; null clears the pending one (the form is invalid). */
  request(request: Request | null): void;
  /** Asks again now for the last request, skipping the debounce (fresh prices). */
  refresh(): void;
  dispose(): void;
}

/**
 * Debounced, latest-only fetching: while the trader types, one call goes out per pause, and an answer to
 * anything but the newest request is thrown away (a slow answer for "10" never replaces the one for "1000").
 */
export function createPreviewRunner<Request, Result>(options: {
  fetch(request: Request): Promise<Result>;
  delayMs: number;
  onChange(state: PreviewRunState<Request, Result>): void;
}): PreviewRunner<Request> {
  let state: PreviewRunState<Request, Result> = {
    result: null,
    resultFor: null,
    error: null,
    pending: false,
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let sequence = 0;
  let last: Request | null = null;
  let disposed = false;

  const update = (patch: Partial<PreviewRunState<Request, Result>>) => {
    state = { ...state, ...patch };
    if (!disposed) options.onChange(state);
  };

  const send = (request: Request) => {
    const mine = ++sequence;
    options.fetch(request).then(
      (result) => {
        if (mine === sequence) update({ result, resultFor: request, error: null, pending: false });
      },
      (error: unknown) => {
        if (mine === sequence) update({ error, pending: false });
      },
    );
  };

  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  return {
    request(request) {
      cancel();
      last = request;
      // Whatever is in flight now answers an older question.
      sequence++;
      if (request === null) {
        update({ pending: false });
        return;
      }
      update({ pending: true });
      timer = setTimeout(() => {
        timer = null;
        send(request);
      }, options.delayMs);
    },
    refresh() {
      if (last === null) return;
      cancel();
      update({ pending: true });
      send(last);
    },
    dispose() {
      disposed = true;
      cancel();
      sequence++;
    },
  };
}
