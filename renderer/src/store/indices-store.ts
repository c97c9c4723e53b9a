import { create } from 'zustand';
import type { RequestOf } from '../../../shared/contract';
import type { IndexSummary } from '../../../shared/domain/indices';
import { api } from '../api/client';
import { loader, typed } from './loader';
import { useProfiles } from './profiles-store';

interface IndicesState {
  /** Built-ins first, then the active profile's own baskets (`indices.list`); null until loaded. */
  indices: IndexSummary[] | null;
  /** The universe snapshot the missing-coin check used. */
  snapshotDate: string | null;
  loadError: string | null;
  load(): Promise<void>;
  /** Creates or replaces a custom basket; throws the typed error so the form can mark its fields. */
  save(request: RequestOf<'indices.save'>): Promise<IndexSummary>;
  remove(id: string): Promise<void>;
}

export const useIndices = create<IndicesState>((set, get) => ({
  indices: null,
  snapshotDate: null,
  loadError: null,
  // A slower, older answer (another profile's, say) never overwrites a newer one.
  load: loader(
    set,
    'loadError',
    (list) => ({ indices: list.indices, snapshotDate: list.snapshotDate }),
    () => api.invoke('indices.list', {}),
  ),
  async save(request) {
    const saved = await typed(api.invoke('indices.save', request));
    const rest = (get().indices ?? []).filter((index) => index.id !== saved.id);
    set({ indices: sortCatalog([...rest, saved]) });
    void get().load();
    return saved;
  },
  async remove(id) {
    await typed(api.invoke('indices.delete', { id }));
    set({ indices: (get().indices ?? []).filter((index) => index.id !== id) });
    void get().load();
  },
}));

/** The core's order: built-ins as listed, then custom baskets by name. */
function sortCatalog(indices: IndexSummary[]): IndexSummary[] {
  const builtIn = indices.filter((index) => index.builtIn);
  const custom = indices.filter((index) => !index.builtIn).sort((a, b) => a.name.localeCompare(b.name));
  return [...builtIn, ...custom];
}

// Custom baskets belong to a profile: switching profiles lists the other profile's.
let listedProfileId: number | null | undefined;
useProfiles.subscribe((state) => {
  const active = state.list?.activeProfileId ?? null;
  if (active === listedProfileId) return;
  listedProfileId = active;
  if (useIndices.getState().indices !== null) void useIndices.getState().load();
});

// A new snapshot can list (or delist) a basket's coins.
api.on('universe.progress', (progress) => {
  if (progress.stage === 'done' && useIndices.getState().indices !== null) void useIndices.getState().load();
});
api.connection.onChange((status) => {
  if (status === 'connected' && useIndices.getState().indices !== null) void useIndices.getState().load();
});
