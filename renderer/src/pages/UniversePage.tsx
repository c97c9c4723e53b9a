import { EmptyState } from '../components/EmptyState';

export function UniversePage() {
  return (
    <div className="page">
      <h1>Universe</h1>
      <EmptyState title="No universe snapshot yet">
        The daily poller lists Bybit&apos;s tradable USDT perpetuals with their market-cap rank and minimum
        order value. The first snapshot appears here once it has run.
      </EmptyState>
    </div>
  );
}
