import { memo } from 'react';

export type SortDirection = 'asc' | 'desc';

export interface SortableColumn<Row, Key extends string> {
  key: Key;
  /** The header's text, which is also the sort button's accessible name. */
  label: string;
  /** Numbers are right-aligned in monospaced tabular figures. */
  numeric?: boolean;
  render(row: Row): React.ReactNode;
}

interface SortableTableProps<Row, Key extends string> {
  /** The table's accessible name. */
  label: string;
  columns: readonly SortableColumn<Row, Key>[];
  /** Already sorted and filtered by the caller (memoized there). */
  rows: readonly Row[];
  rowKey(row: Row): string;
  /** A class for a row that must stand out (the worst leg). */
  rowClassName?(row: Row): string | undefined;
  sort: { column: Key; direction: SortDirection };
  onSort(column: Key): void;
  /** Shown in a single full-width row when there are no rows. */
  empty?: React.ReactNode;
  className?: string;
}

/**
 * A plain table whose headers are sort buttons. `aria-sort` sits on the sorted header; the arrow is
 * decoration, so each button is named by its label alone.
 */
function SortableTableImpl<Row, Key extends string>({
  label,
  columns,
  rows,
  rowKey,
  rowClassName,
  sort,
  onSort,
  empty,
  className,
}: SortableTableProps<Row, Key>) {
  return (
    <table className={`table sortable-table ${className ?? ''}`} aria-label={label}>
      <thead>
        <tr>
          {columns.map((column) => {
            const sorted = sort.column === column.key;
            return (
              <th
                key={column.key}
                scope="col"
                className={column.numeric ? 'num' : undefined}
                aria-sort={sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button
                  type="button"
                  className={`sort-button${sorted ? ' sorted' : ''}`}
                  onClick={() => onSort(column.key)}
                >
                  {column.label}
                  <span className="sort-arrow" aria-hidden="true">
                    {sorted ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
                  </span>
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && empty ? (
          <tr>
            <td colSpan={columns.length} className="table-empty">
              {empty}
            </td>
          </tr>
        ) : (
          rows.map((row) => (
            <tr key={rowKey(row)} className={rowClassName?.(row)}>
              {columns.map((column) => (
                <td key={column.key} className={column.numeric ? 'num' : undefined}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

/** Re-renders only when its rows, sort or columns change, not on every tick of the page around it. */
export const SortableTable = memo(SortableTableImpl) as typeof SortableTableImpl;
