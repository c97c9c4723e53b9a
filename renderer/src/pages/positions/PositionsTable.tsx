import { useMemo } from 'react';
import type { Position } from '../../../../shared/domain/positions';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { formatUsdt } from '../../format';
import { AccountBadge, AlteredBadge, RiskBadge } from './AlteredBadge';
import { LivePnl } from './LivePnl';
import { Pnl } from './Pnl';
import { SparklineCell, useSparklineHistory } from './SparklineCell';
import { positionHref } from '../../../../shared/routes/position-route';
import { PositionAge } from './PositionAge';
import { StatusChip } from './StatusChip';

function columns(history: ReturnType<typeof useSparklineHistory>, now: number): DataColumn<Position>[] {
  return [
    {
      key: 'status',
      label: 'Status',
      render: (position) => (
        <>
          <StatusChip status={position.status} /> <AlteredBadge altered={position.isAltered} />{' '}
          <AccountBadge mismatch={position.accountMismatch} /> <RiskBadge positionId={position.id} />
        </>
      ),
    },
    {
      key: 'index',
      label: 'Index',
      href: (position) => positionHref(position.id),
      render: (position) => `#${position.id} ${position.indexName}`,
      after: (position) => <span className="muted small"> · {position.legs} legs</span>,
    },
    {
      key: 'direction',
      label: 'Direction',
      cellClassName: (position) => (position.direction === 'long' ? 'side-buy' : 'side-sell'),
      render: (position) => `${position.direction} ${position.leverage}×`,
    },
    { key: 'size', label: 'Size', numeric: true, render: (position) => formatUsdt(position.usdtSize) },
    {
      key: 'realised',
      label: 'Realised PnL',
      numeric: true,
      render: (position) => <Pnl value={position.realizedPnl} />,
    },
    {
      key: 'unrealised',
      label: 'Unrealised PnL',
      numeric: true,
      render: (position) => <LivePnl position={position} />,
    },
    {
      key: 'sparkline',
      label: 'Last 24 h',
      render: (position) => <SparklineCell position={position} points={history.get(position.id)} />,
    },
    { key: 'age', label: 'Age', render: (position) => <PositionAge position={position} now={now} /> },
  ];
}

/**
 * One row per synthetic position, newest first. The index name links to the detail, so Tab walks the
 * rows and Enter opens one.
 */
export function PositionsTable({ positions, now }: { positions: readonly Position[]; now: number }) {
  const history = useSparklineHistory(positions);
  const cols = useMemo(() => columns(history, now), [history, now]);
  return (
    <DataTable
      label="Positions"
      className="positions-table"
      wrap
      columns={cols}
      rows={positions}
      rowKey="id"
    />
  );
}
