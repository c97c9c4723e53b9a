import { useConnection } from '../store/connection-store';

/**
 * Headless mode makes a new access token at every start, so a tab left open across a restart is
 * refused for good. Say so, instead of "reconnecting…" forever.
 */
export function RestartedBanner() {
  const connection = useConnection((state) => state.status);
  if (connection !== 'refused') return null;
  return (
    <div className="restarted-banner" role="alert">
      <strong>Synthex restarted: open the new address printed in the terminal.</strong>{' '}
      <span>This page&apos;s access token belongs to the previous start, so it cannot reconnect.</span>
    </div>
  );
}
