import { lazy, Suspense } from 'react';
import { EmptyState } from '../components/EmptyState';
import { newPositionSection, useRequestedSection } from '../store/navigation';

const NewPositionPage = lazy(() =>
  import('./new-position/NewPositionPage').then((m) => ({ default: m.NewPositionPage })),
);

const columns = ['Index', 'Direction', 'Size (USDT)', 'Status', 'Unrealized PnL', 'Opened'];

/** `#/positions` lists them; `#/positions/new` opens one. */
export function PositionsPage() {
  const section = useRequestedSection();
  if (section === newPositionSection)
    return (
      <Suspense
        fallback={
          <p className="muted" role="status">
            Loading…
          </p>
        }
      >
        <NewPositionPage />
      </Suspense>
    );
  return (
    <div className="page">
      <div className="page-title">
        <h1>Positions</h1>
        <a className="button-link primary" href="#/positions/new" aria-keyshortcuts="N">
          New position <kbd>N</kbd>
        </a>
      </div>
      <table className="table">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
      </table>
      <EmptyState title="No synthetic positions yet">
        Every position you open appears here with its status, live PnL and a warning if your real holdings
        drift.
      </EmptyState>
    </div>
  );
}
