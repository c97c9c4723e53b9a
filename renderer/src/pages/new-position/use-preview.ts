import { useEffect, useRef, useState } from 'react';
import type { Preview } from '../../../../shared/domain/preview';
import { api } from '../../api/client';
import { useProfiles } from '../../store/profiles-store';
import { createPreviewRunner, type PreviewRunner, type PreviewRunState } from './preview-runner';
import { requestKey, type PreviewRequestInput } from './position-draft';

/** A pause in typing this long sends the preview request. */
export const previewDebounceMs = 300;

export type PreviewState = PreviewRunState<PreviewRequestInput, Preview> & { refresh(): void };

/**
 * The preview of the current form values: asked for after each pause in typing, answers to older values
 * ignored, asked again when a universe refresh finishes (new ranks, new listings) or the profiles change.
 */
export function usePreview(request: PreviewRequestInput | null): PreviewState {
  const runner = useRef<PreviewRunner<PreviewRequestInput> | null>(null);
  const [state, setState] = useState<PreviewRunState<PreviewRequestInput, Preview>>({
    result: null,
    resultFor: null,
    error: null,
    pending: request !== null,
  });

  useEffect(() => {
    const created = createPreviewRunner<PreviewRequestInput, Preview>({
      fetch: (next) => api.invoke('indices.preview', next),
      delayMs: previewDebounceMs,
      onChange: setState,
    });
    runner.current = created;
    const offProgress = api.on('universe.progress', (progress) => {
      if (progress.stage === 'done') created.refresh();
    });
    return () => {
      offProgress();
      created.dispose();
      runner.current = null;
    };
  }, []);

  const key = requestKey(request);
  useEffect(() => {
    runner.current?.request(request);
    // The key says everything the request does; a new object with the same values asks nothing new.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  // Another profile, or a key added or removed: another balance, other baskets, other problems.
  const profiles = useProfiles((store) => store.list);
  const firstProfiles = useRef(profiles);
  useEffect(() => {
    if (profiles !== firstProfiles.current) runner.current?.refresh();
  }, [profiles]);

  return { ...state, refresh: () => runner.current?.refresh() };
}
