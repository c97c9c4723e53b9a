import { create } from 'zustand';
import type { Position, PositionProgress } from '../../../shared/domain/positions';
import { api } from '../api/client';
import { errorMessage } from '../forms/form-failure';
import { useProfiles } from './profiles-store';

interface PositionsState {
  /** The active profile's positions, newest first; null until the first answer. */
  positions: Position[] | null;
  loadError: string | null;
  /** The newest positions.progress event per position id (live execution view). */
  progress: Readonly<Record<number, PositionProgress>>;
  load(): Promise<void>;
}

let loadRequest = 0;

const activeProfileId = () => useProfiles.getState().list?.activeProfileId ?? null;

const newestFirst = (a: Position, b: Position) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id;

/** Positions of the active profile, kept live by positions.updated and positions.progress. */
export const usePositions = create<PositionsState>((set) => ({
  positions: null,
  loadError: null,
  progress: {},
  async load() {
    const request = ++loadRequest;
    try {
      const { positions } = await api.invoke('positions.list', {});
      if (request === loadRequest) set({ positions: [...positions].sort(newestFirst), loadError: null });
    } catch (error) {
      if (request === loadRequest) set({ loadError: errorMessage(error) });
    }
  },
}));

/** One position's latest state into the list (inserted when new, replaced when not older). */
export function upsertPosition(list: readonly Position[], position: Position): Position[] {
  const index = list.findIndex((p) => p.id === position.id);
  if (index === -1) return [...list, position].sort(newestFirst);
  // Events and answers can cross: an older copy never replaces a newer one.
  if (list[index]!.updatedAt > position.updatedAt) return [...list];
  return list.map((p, i) => (i === index ? position : p));
}

export function showPosition(position: Position): void {
  if (position.profileId !== activeProfileId()) return;
  const { positions } = usePositions.getState();
  if (positions !== null) usePositions.setState({ positions: upsertPosition(positions, position) });
}

api.on('positions.updated', showPosition);
api.on('positions.progress', (progress) =>
  usePositions.setState((state) => ({ progress: { ...state.progress, [progress.positionId]: progress } })),
);

// Another profile has other positions; a reconnect may have missed events.
let listedProfileId: number | null | undefined;
useProfiles.subscribe((state) => {
  const active = state.list?.activeProfileId ?? null;
  if (active === listedProfileId) return;
  listedProfileId = active;
  if (usePositions.getState().positions !== null) {
    usePositions.setState({ positions: null });
    void usePositions.getState().load();
  }
});
api.connection.onChange((status) => {
  if (status === 'connected' && usePositions.getState().positions !== null)
    void usePositions.getState().load();
});
