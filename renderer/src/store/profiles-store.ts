import { create } from 'zustand';
import type { RequestOf } from '../../../shared/contract';
import type { Profile, ProfileList } from '../../../shared/domain/profile';
import { api } from '../api/client';
import { loader, typed } from './loader';

interface ProfilesState {
  list: ProfileList | null;
  loadError: string | null;
  /** True from the moment the app finds no profile until the trader finishes (or leaves) the first-run flow. */
  firstRun: boolean;
  load(): Promise<void>;
  create(request: RequestOf<'profiles.create'>): Promise<Profile>;
  update(request: RequestOf<'profiles.update'>): Promise<Profile>;
  remove(request: RequestOf<'profiles.delete'>): Promise<void>;
  select(id: number): Promise<void>;
  finishFirstRun(): void;
}

/** Profiles and the active one; kept live by `profiles.changed`, so every window's switcher agrees. */
export const useProfiles = create<ProfilesState>((set) => ({
  list: null,
  loadError: null,
  firstRun: false,
  load: loader(
    set,
    'loadError',
    (list, state) => ({ list, firstRun: state.firstRun || list.profiles.length === 0 }),
    () => api.invoke('profiles.list', {}),
  ),
  create: (request) => typed(api.invoke('profiles.create', request)),
  update: (request) => typed(api.invoke('profiles.update', request)),
  async remove(request) {
    showList((await typed(api.invoke('profiles.delete', request))).list);
  },
  async select(id) {
    set({ list: await typed(api.invoke('profiles.select', { id })) });
  },
  finishFirstRun() {
    set({ firstRun: false });
  },
}));

export function useActiveProfile(): Profile | null {
  return useProfiles((state) => {
    const list = state.list;
    return list?.profiles.find((profile) => profile.id === list.activeProfileId) ?? null;
  });
}

// Deleting the last profile brings the first-run flow back.
const showList = (list: ProfileList) =>
  useProfiles.setState((state) => ({
    list,
    loadError: null,
    firstRun: state.firstRun || list.profiles.length === 0,
  }));

api.on('profiles.changed', showList);
api.connection.onChange((status) => {
  if (status === 'connected') void useProfiles.getState().load();
});
void useProfiles.getState().load();
