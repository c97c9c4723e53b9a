import type { Position } from '../../../../shared/domain/positions';
import { formatDuration } from '../../format';

/** How long it has been open, or how long it lived once closed. */
export function PositionAge({ position, now }: { position: Position; now: number }) {
  const start = Date.parse(position.createdAt);
  const end = position.closedAt ? Date.parse(position.closedAt) : now;
  const text = formatDuration(Math.max(0, end - start));
  return (
    <span title={`Opened ${new Date(start).toLocaleString()}`}>
      {position.closedAt ? `${text}, closed` : text}
    </span>
  );
}
