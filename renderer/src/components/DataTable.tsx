import { memo } from 'react';

export type SortDirection = 'asc' | 'desc';

export interface DataColumn<Row, Key extends string = string> {
  key: Key;
  /** The header's text; in a sortable table also the sort button's accessible name. */
  label: string;
  /** The header is read by screen readers only (a column of bars, say). */
  labelHidden?: boolean;
  /** Numbers: right-aligned in monospaced tabular figures, header and cells alike. */
  numeric?: boolean;
  /** A class on the header and every cell of the column. */
  className?: string;
  /** A class on the column's cells only, fixed or per row (a side's colour, a leg's state). */
  cellClassName?: string | ((row: Row) => string | undefined);
  /** A cell's tooltip, per row. */
  cellTitle?(row: Row): string | undefined;
  /** The cell heads its row (`<th scope="row">`), so the row is named by it. */
  rowHeader?: boolean;
  /**
   * The row's link: the cell's content is an anchor to it, so Tab walks the rows and Enter opens one.
   * `after` is shown beside the link, outside it, in the same cell.
   */
  href?(row: Row): string;
  after?(row: Row): React.ReactNode;
  render(row: Row, index: number): React.ReactNode;
}

/** Sortable tables: the sorted column and what a click on a header asks for (both from the caller). */
export interface DataTableSort<Key extends string> {
  sort?: { column: Key; direction: SortDirection };
  onSort?(column: Key): void;
}

interface DataTableProps<Row, Key extends string> extends DataTableSort<Key> {
  /** The table's accessible name. */
  label?: string;
  columns: readonly DataColumn<Row, Key>[];
  /** Already sorted and filtered by the caller (memoized there when it is long). */
  rows: readonly Row[];
  /** Each row's React key: the name of a field of the row (`"symbol"`, `"id"`), or a function. */
  rowKey: RowKey<Row>;
  /** A class for a row that must stand out (the worst leg). */
  rowClassName?(row: Row): string | undefined;
  /**
   * What to say when there are no rows: in a sortable table, a full-width row under the headers (the
   * sort and any filter stay at hand); otherwise a muted paragraph in place of the table.
   */
  empty?: React.ReactNode;
  /** A muted note over the table (what the figures are). */
  caption?: React.ReactNode;
  /** The rows of a `<tfoot>` (totals). */
  footer?: React.ReactNode;
  className?: string;
  /** Dense rows on one line each (legs, trades, orders); a cell with `wrap` or `warnings` may wrap. */
  compact?: boolean;
  /** Framed in a `table-wrap` div; a string adds its classes to the frame. */
  wrap?: boolean | string;
}

/** A field of the row that is a string or a number, or a function of the row. */
type RowKey<Row> =
  | ({ [K in keyof Row]: Row[K] extends string | number ? K : never }[keyof Row] & string)
  | ((row: Row, index: number) => string);

const keyOf = <Row,>(rowKey: RowKey<Row>, row: Row, index: number) =>
  typeof rowKey === 'function' ? rowKey(row, index) : String(row[rowKey] as string | number);

const ariaSort = (sorted: boolean, direction: SortDirection) =>
  sorted ? (direction === 'asc' ? 'ascending' : 'descending') : 'none';

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ') || undefined;

/** With `sort` and `onSort`, the header is a sort button, with `aria-sort` on the sorted one. */
function HeaderCell<Row, Key extends string>({
  column,
  sort,
  onSort,
}: DataTableSort<Key> & { column: DataColumn<Row, Key> }) {
  const className = classes(column.numeric && 'num', column.className);
  const text = column.labelHidden ? <span className="visually-hidden">{column.label}</span> : column.label;
  if (!sort || !onSort)
    return (
      <th scope="col" className={className}>
        {text}
      </th>
    );
  const sorted = sort.column === column.key;
  const { direction } = sort;
  return (
    <th scope="col" className={className} aria-sort={ariaSort(sorted, direction)}>
      <button
        type="button"
        className={`sort-button${sorted ? ' sorted' : ''}`}
        onClick={() => onSort(column.key)}
      >
        {text}
        {/* Decoration: each button is named by its label alone. */}
        <span className="sort-arrow" aria-hidden="true">
          {sorted ? (direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

function BodyCell<Row, Key extends string>({
  column,
  row,
  index,
}: {
  column: DataColumn<Row, Key>;
  row: Row;
  index: number;
}) {
  const own = typeof column.cellClassName === 'function' ? column.cellClassName(row) : column.cellClassName;
  const className = classes(column.numeric && 'num', column.className, own);
  const content = column.render(row, index);
  const body = column.href ? (
    <>
      <a href={column.href(row)}>{content}</a>
      {column.after?.(row)}
    </>
  ) : (
    content
  );
  const Cell = column.rowHeader ? 'th' : 'td';
  return (
    <Cell scope={column.rowHeader ? 'row' : undefined} className={className} title={column.cellTitle?.(row)}>
      {body}
    </Cell>
  );
}

/**
 * Every table of the app: typed columns, numbers right-aligned in tabular figures, optional sorting,
 * an empty state, row links. Plain `<table>` markup, so rows and cells keep their roles. Its styles are
 * in data-table.css (loaded once, by main.tsx).
 */
function DataTableImpl<Row, Key extends string>({
  label,
  columns,
  rows,
  rowKey,
  rowClassName,
  sort,
  onSort,
  empty,
  caption,
  footer,
  className,
  compact,
  wrap,
}: DataTableProps<Row, Key>) {
  const sortable = Boolean(sort && onSort);
  if (rows.length === 0 && empty && !sortable) return <p className="muted">{empty}</p>;
  const table = (
    <table
      className={classes('table', sortable && 'sortable-table', compact && 'compact-table', className)}
      aria-label={label}
    >
      {caption && <caption className="muted small">{caption}</caption>}
      <thead>
        <tr>
          {columns.map((column) => (
            <HeaderCell key={column.key} column={column} sort={sort} onSort={onSort} />
          ))}
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
          rows.map((row, index) => (
            <tr key={keyOf(rowKey, row, index)} className={rowClassName?.(row)}>
              {columns.map((column) => (
                <BodyCell key={column.key} column={column} row={row} index={index} />
              ))}
            </tr>
          ))
        )}
      </tbody>
      {footer && <tfoot>{footer}</tfoot>}
    </table>
  );
  if (!wrap) return table;
  return <div className={classes('table-wrap', typeof wrap === 'string' && wrap)}>{table}</div>;
}

/** Re-renders only when its rows, sort or columns change, not on every tick of the page around it. */
export const DataTable = memo(DataTableImpl) as typeof DataTableImpl;
