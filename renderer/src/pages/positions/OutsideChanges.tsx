import { useEffect, useState } from 'react';
import type { OutsideExecution } from '../../../../shared/domain/drift';
import { api } from '../../api/client';
import { errorMessage } from '../../forms/form-failure';
import { formatTimestamp, groupDecimal } from '../../format';

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
      <div className="table-wrap">
        <table className="table compact-table" aria-label="Outside changes">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Symbol</th>
              <th scope="col">Side</th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col">Kind</th>
            </tr>
          </thead>
          <tbody>
            {executions.map((e) => (
              <tr key={e.execId}>
                <td>{formatTimestamp(e.execTime)}</td>
                <td>{e.symbol}</td>
                <td>{e.side}</td>
                <td className="num">{groupDecimal(e.quantity)}</td>
                <td className="num">{groupDecimal(e.price)}</td>
                <td>
                  {e.execType === 'Trade'
                    ? e.orderLinkId
                      ? `order ${e.orderLinkId}`
                      : 'by hand'
                    : e.execType}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
