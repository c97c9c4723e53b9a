import { EmptyState } from '../components/EmptyState';

const columns = ['Index', 'Direction', 'Size (USDT)', 'Status', 'Unrealized PnL', 'Opened'];

export function PositionsPage() {
  return (
    <div className="page">
      <h1>Positions</h1>
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
