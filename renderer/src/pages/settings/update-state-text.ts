import type { UpdateState } from '../../../../shared/domain/updates';

/** One line for the updater's state, shared by Settings → Updates and System. */
export function describeUpdateState(state: UpdateState): string {
  switch (state.kind) {
    case 'disabled':
      return `Off: ${state.reason}`;
    case 'idle':
      return 'Up to date';
    case 'checking':
      return 'Checking for updates…';
    case 'available':
      return `Version ${state.version} is available`;
    case 'downloading':
      return `Downloading ${state.version}: ${Math.floor(state.percent)}%`;
    case 'ready':
      return `Version ${state.version} is ready: restart to update`;
    case 'error':
      return state.message;
  }
}
