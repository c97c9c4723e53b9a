import { useCallback, useMemo, useState } from 'react';
import { Dec } from '../../../../shared/decimal';
import type { Component } from '../../../../shared/domain/positions';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { formatFixed, formatPercent, groupDecimal } from '../../format';
import { Pnl } from '../positions/Pnl';
import { sortLegs, worstLeg, type LegColumn } from './leg-rows';

const dash = '—';
const pct = (value: string | null | undefined, places = 2) =>
  value == null ? dash : `${formatFixed(value, places)} %`;

function columns(nearPercent: string): DataColumn<Component, LegColumn>[] {
  return [
    { key: 'symbol', label: 'Symbol', render: (leg) => <span className="symbol">{leg.symbol}</span> },
    {
      key: 'mark',
      label: 'Mark',
      numeric: true,
      render: (leg) => (leg.markPrice ? groupDecimal(leg.markPrice) : dash),
    },
    {
      key: 'unrealized',
      label: 'Unrealised (USDT)',
      numeric: true,
      render: (leg) => (leg.unrealizedPnl == null ? dash : <Pnl value={leg.unrealizedPnl} />),
    },
    {
      key: 'unrealizedPercent',
      label: 'Unrealised %',
      numeric: true,
      render: (leg) => pct(leg.unrealizedPercent),
    },
    {
      key: 'weight',
      label: 'Weight now / target',
      numeric: true,
      render: (leg) => `${formatPercent(leg.weightNow ?? null)} / ${formatPercent(leg.targetWeight)}`,
    },
    {
      key: 'liq',
      label: 'Liq. price',
      numeric: true,
      render: (leg) => (
        <span title={leg.liqShared ?? "This position's own row"}>
          {leg.liqPrice ? groupDecimal(leg.liqPrice) : dash}
          {leg.liqShared && leg.liqPrice ? ' *' : ''}
        </span>
      ),
    },
    {
      key: 'distance',
      label: 'To liq.',
      numeric: true,
      render: (leg) => {
        const near = leg.liqDistancePercent != null && new Dec(leg.liqDistancePercent).lte(nearPercent);
        return <span className={near ? 'near-liquidation' : undefined}>{pct(leg.liqDistancePercent)}</span>;
      },
    },
    {
      key: 'funding',
      label: 'Funding paid',
      numeric: true,
      render: (leg) => formatFixed(leg.fundingPaid ?? null, 4),
    },
    { key: 'fees', label: 'Fees', numeric: true, render: (leg) => formatFixed(leg.feesPaid, 4) },
  ];
}

/**
 * The legs' live figures (positions.get): mark, unrealised in USDT and %, weight now against target, Bybit's
 * liquidation price (starred when it is not this position's alone) and the distance to it, funding and fees.
 * Sortable; the worst leg (nearest liquidation within the alert distance, else the biggest loser) stands out.
 */
export function LegFiguresTable({
  legs,
  nearPercent = '10',
}: {
  legs: readonly Component[];
  nearPercent?: string;
}) {
  const [sort, setSort] = useState<{ column: LegColumn; direction: 'asc' | 'desc' }>({
    column: 'unrealized',
    direction: 'asc',
  });
  const onSort = useCallback(
    (column: LegColumn) =>
      setSort((current) =>
        current.column === column
          ? { column, direction: current.direction === 'asc' ? 'desc' : 'asc' }
          : { column, direction: 'asc' },
      ),
    [],
  );
  const rows = useMemo(() => sortLegs(legs, sort), [legs, sort]);
  const cols = useMemo(() => columns(nearPercent), [nearPercent]);
  const worst = useMemo(() => worstLeg(legs, nearPercent), [legs, nearPercent]);
  const shared = legs.some((leg) => leg.liqShared && leg.liqPrice);
  return (
    <div className="table-wrap leg-figures">
      <DataTable
        label="Leg figures"
        compact
        columns={cols}
        rows={rows}
        rowKey="symbol"
        rowClassName={(leg) => (leg.symbol === worst ? 'worst-leg' : undefined)}
        sort={sort}
        onSort={onSort}
        empty="No legs."
      />
      {worst && <p className="muted small">Worst leg: {worst} (highlighted).</p>}
      {shared && (
        <p className="muted small">
          * Bybit&apos;s liquidation price of the account&apos;s position on the coin: shared with other
          holdings on it, or with the whole account under cross margin (hover for why).
        </p>
      )}
    </div>
  );
}
