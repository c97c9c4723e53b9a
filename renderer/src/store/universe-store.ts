import { create } from 'zustand';
import type {
  UniverseProgress,
  UniverseSnapshot,
  UniverseState as UniverseLatest,
} from '../../../shared/domain/universe';
import { api } from '../api/client';
import { asSynthexError, errorMessage } from '../forms/form-failure';
import { loader } from './loader';

/** "Poller unavailable (UNAVAILABLE)": what a failed call shows. */
export function describeError(error: unknown): string {
  return `${errorMessage(error)} (${asSynthexError(error).code})`;
}

const terminalStages: ReadonlySet<UniverseProgress['stage']> = new Set(['done', 'failed']);
export const isTerminal = (progress: UniverseProgress | null) =>
  progress !== null && terminalStages.has(progress.stage);

/** How long a finished run's bar stays up before the Last refresh panel alone tells the outcome. */
const finishedBarMs = 8_000;

interface UniverseStore {
  /** `universe.latest`: today's snapshot, the last and the running refresh, the next one due. */
  latest: UniverseLatest | null;
  loadError: string | null;
  /** Dates with a snapshot, newest first (`universe.history`). */
  dates: string[];
  datesError: string | null;
  /** A past date being viewed; null shows the latest snapshot. */
  viewDate: string | null;
  past: UniverseSnapshot | null;
  pastLoading: boolean;
  pastError: string | null;
  /** The newest `universe.progress` event, kept a few seconds after its run ends. */
  progress: UniverseProgress | null;
  /** A `universe.refresh` call is on its way. */
  requesting: boolean;
  refreshError: string | null;
  load(): Promise<void>;
  loadDates(): Promise<void>;
  viewLatest(): void;
  viewPast(date: string): Promise<void>;
  refresh(): Promise<void>;
}

let clearProgressTimer: ReturnType<typeof setTimeout> | undefined;
let pastRequest = 0;

export const useUniverse = create<UniverseStore>((set, get) => ({
  latest: null,
  loadError: null,
  dates: [],
  datesError: null,
  viewDate: null,
  past: null,
  pastLoading: false,
  pastError: null,
  progress: null,
  requesting: false,
  refreshError: null,

  // A slower, older answer never overwrites a newer one.
  load: loader(set, 'loadError', 'latest', () => api.invoke('universe.latest', {}), {
    describe: describeError,
  }),

  loadDates: loader(
    set,
    'datesError',
    ({ dates }) => ({ dates }),
    () => api.invoke('universe.history', {}),
    { describe: describeError },
  ),

  viewLatest() {
    pastRequest++;
    set({ viewDate: null, past: null, pastLoading: false, pastError: null });
  },

  async viewPast(date) {
    if (date === get().latest?.snapshot?.fetchDate) return get().viewLatest();
    const request = ++pastRequest;
    set({ viewDate: date, pastLoading: true, pastError: null });
    try {
      const history = await api.invoke('universe.history', { date });
      if (request !== pastRequest) return;
      set({
        past: history.snapshot,
        dates: history.dates,
        pastLoading: false,
        pastError: history.snapshot ? null : `There is no snapshot for ${date}.`,
      });
    } catch (error) {
      if (request === pastRequest) set({ past: null, pastLoading: false, pastError: describeError(error) });
    }
  },

  async refresh() {
    set({ requesting: true, refreshError: null });
    try {
      const { run } = await api.invoke('universe.refresh', {});
      const { latest, progress } = get();
      // The run may already have reported its end while this reply was on its way.
      const alreadyOver = progress?.runId === run.id && isTerminal(progress);
      if (run.status === 'running' && !alreadyOver && latest) {
        set({ latest: { ...latest, running: run } });
      }
      if (alreadyOver || run.status !== 'running') void get().load();
    } catch (error) {
      set({ refreshError: describeError(error) });
    } finally {
      set({ requesting: false });
    }
  },
}));

api.on('universe.progress', (progress) => {
  clearTimeout(clearProgressTimer);
  useUniverse.setState({ progress });
  if (!isTerminal(progress)) return;
  clearProgressTimer = setTimeout(() => {
    if (useUniverse.getState().progress === progress) useUniverse.setState({ progress: null });
  }, finishedBarMs);
  const store = useUniverse.getState();
  void store.load();
  void store.loadDates();
});

api.connection.onChange((status) => {
  if (status !== 'connected') return;
  const store = useUniverse.getState();
  void store.load();
  void store.loadDates();
});
