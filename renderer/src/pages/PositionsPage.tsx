import './positions/positions.css';
import { lazy, Suspense } from 'react';
import { positionIdInSection } from '../../../shared/routes/position-route';
import { newPositionSection, useRequestedSection } from '../store/navigation';
import { PositionsListPage } from './positions/PositionsListPage';

const NewPositionPage = lazy(() =>
  import('./new-position/NewPositionPage').then((m) => ({ default: m.NewPositionPage })),
);
const PositionDetailPage = lazy(() =>
  import('./positions/detail/PositionDetailPage').then((m) => ({ default: m.PositionDetailPage })),
);

const loading = (
  <p className="muted" role="status">
    Loading…
  </p>
);

/** `#/positions` lists them, `#/positions/new` opens one, `#/positions/12` shows one. */
export function PositionsPage() {
  const section = useRequestedSection();
  if (section === newPositionSection)
    return (
      <Suspense fallback={loading}>
        <NewPositionPage />
      </Suspense>
    );
  const positionId = positionIdInSection(section);
  if (positionId !== null)
    return (
      <Suspense fallback={loading}>
        {/* Keyed: another position starts from a clean page, not the last one's state. */}
        <PositionDetailPage key={positionId} id={positionId} />
      </Suspense>
    );
  return <PositionsListPage />;
}
