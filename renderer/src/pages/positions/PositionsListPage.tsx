import { useEffect } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { usePositions } from '../../store/positions-store';
import { useNow } from '../universe/time';
import { OutsideChanges } from './OutsideChanges';
import { PositionsTable } from './PositionsTable';

/** Every synthetic position of the profile, live. */
export function PositionsListPage() {
  const positions = usePositions((state) => state.positions);
  const loadError = usePositions((state) => state.loadError);
  const now = useNow(1_000, positions);

  useEffect(() => {
    void usePositions.getState().load();
  }, []);

  return (
    <div className="page positions-page">
      <div className="page-title">
        <h1>Positions</h1>
        <a className="button-link primary" href="#/positions/new" aria-keyshortcuts="N">
          New position <kbd>N</kbd>
        </a>
      </div>
      {loadError && (
        <p className="error-text" role="alert">
          Could not read the positions: {loadError}
        </p>
      )}
      {positions === null && !loadError && (
        <p className="muted" role="status">
          Reading the positions…
        </p>
      )}
      {positions !== null && positions.length === 0 && (
        <EmptyState title="No synthetic positions yet">
          Every position you open appears here with its status, live PnL and a warning if your real holdings
          drift. Press N to open one.
        </EmptyState>
      )}
      {positions !== null && positions.length > 0 && <PositionsTable positions={positions} now={now} />}
      <OutsideChanges />
    </div>
  );
}
