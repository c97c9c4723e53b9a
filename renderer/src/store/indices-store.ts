import { create } from 'zustand';
import type { RequestOf } from '../../../shared/contract';
import type { IndexSummary } from '../../../shared/domain/indices';
import { api } from '../api/client';
import { asSynthexError, errorMessage } from '../forms/form-failure';
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

let loadRequest = 0;

export const useIndices = create<IndicesState>((set, get) => ({
  indices: null,
  snapshotDate: null,
  loadError: null,
  async load() {
    const request = ++loadRequest;
    try {
      const list = await api.invoke('indices.list', {});
      // A slower, older answer (another profile's, say) never overwrites a newer one.
      if (request === loadRequest)
        set({ indices: list.indices, snapshotDate: list.snapshotDate, loadError: null });
    } catch (error) {
      if (request === loadRequest) set({ loadError: errorMessage(error) });
    }
  },
  async save(request) {
    try {
      const saved = await api.invoke('indices.save', request);
      const rest = (get().indices ?? []).filter((index) => index.id !== saved.id);
      set({ indices: sortCatalog([...rest, saved]) });
      void get().load();
      return saved;
    } catch (error) {
      throw asSynthexError(error);
    }
  },
  async remove(id) {
    try {
      await api.invoke('indices.delete', { id });
      set({ indices: (get().indices ?? []).filter((index) => index.id !== id) });
      void get().load();
    } catch (error) {
      throw asSynthexError(error);
    }
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
