import '../research/research.css';
import { useEffect } from 'react';
import { Panel } from '../../components/Panel';
import { useIndices } from '../../store/indices-store';

/** Every built-in and saved index, each to its page: composition over time, NAV and stats. */
export function IndexLinks() {
  const indices = useIndices((state) => state.indices);
  useEffect(() => {
    void useIndices.getState().load();
  }, []);
  return (
    <Panel title="Indices">
      {indices === null ? (
        <p className="muted" role="status">
          Listing the indices…
        </p>
      ) : (
        <ul className="index-links">
          {indices.map((index) => (
            <li key={index.id}>
              <a href={`#/universe/${index.id}`}>{index.name}</a>{' '}
              <span className="muted small">{index.description}</span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
