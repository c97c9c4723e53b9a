import { useEffect, useState } from 'react';
import type { OutsideExecution } from '../../../../shared/domain/drift';
import { api } from '../../api/client';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { errorMessage } from '../../forms/form-failure';
import { formatTimestamp, groupDecimal } from '../../format';

const kindText = (e: OutsideExecution) =>
  e.execType !== 'Trade' ? e.execType : e.orderLinkId ? `order ${e.orderLinkId}` : 'by hand';

const columns: readonly DataColumn<OutsideExecution>[] = [
  { key: 'time', label: 'Time', render: (e) => formatTimestamp(e.execTime) },
  { key: 'symbol', label: 'Symbol', render: (e) => e.symbol },
  { key: 'side', label: 'Side', render: (e) => e.side },
  { key: 'quantity', label: 'Quantity', numeric: true, render: (e) => groupDecimal(e.quantity) },
  { key: 'price', label: 'Price', numeric: true, render: (e) => groupDecimal(e.price) },
  { key: 'kind', label: 'Kind', render: kindText },
];

/**
 * The log of fills on the account that Synthex did not place (by hand, another bot, a liquidation),
 * newest first; read again whenever a position changes, since a new one usually comes with an alteration.
 */
export function OutsideChanges() {
  const [executions, setExecutions] = useState<OutsideExecution[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const read = async () => {
      try {
        const answer = await api.invoke('positions.outsideChanges', { limit: 50 });
        if (!live) return;
        setExecutions(answer.executions);
        setError(null);
      } catch (thrown) {
        if (live) setError(errorMessage(thrown));
      }
    };
    void read();
    const off = api.on('positions.updated', (position) => {
      if (position.isAltered) void read();
    });
    return () => {
      live = false;
      off();
    };
  }, []);

  if (error)
    return (
      <p className="error-text" role="alert">
        Could not read the outside changes: {error}
      </p>
    );
  if (!executions || executions.length === 0) return null;
  return (
    <section className="detail-section" aria-label="Outside changes">
      <h2>Changes made outside Synthex ({executions.length})</h2>
      <DataTable label="Outside changes" compact wrap columns={columns} rows={executions} rowKey="execId" />
    </section>
  );
}
