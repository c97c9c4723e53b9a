import { useEffect, useRef } from 'react';
import type { Preview } from '../../../../shared/domain/preview';
import { api } from '../../api/client';
import { useProfiles } from '../../store/profiles-store';
import { requestKey, type PreviewRequestInput } from './position-draft';
import { useRunner, type RunnerState } from './use-runner';

/** A pause in typing this long sends the preview request. */
export const previewDebounceMs = 300;

export type PreviewState = RunnerState<PreviewRequestInput, Preview>;

/**
 * The preview of the current form values: asked for after each pause in typing, answers to older values
 * ignored, asked again when a universe refresh finishes (new ranks, new listings) or the profiles change.
 */
export function usePreview(request: PreviewRequestInput | null): PreviewState {
  const state = useRunner(request, requestKey(request), {
    fetch: (next) => api.invoke('indices.preview', next),
    delayMs: previewDebounceMs,
    staleOn: (refresh) =>
      api.on('universe.progress', (progress) => {
        if (progress.stage === 'done') refresh();
      }),
  });

  // Another profile, or a key added or removed: another balance, other baskets, other problems.
  const profiles = useProfiles((store) => store.list);
  const firstProfiles = useRef(profiles);
  const { refresh } = state;
  useEffect(() => {
    if (profiles !== firstProfiles.current) refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [profiles]);

  return state;
}
