import type { PositionStatus } from '../../../../shared/domain/positions';
import { Badge, type Tone } from '../../components/Badge';
import { StaleMarker } from './LivePnl';

const tones: Record<PositionStatus, Tone> = {
  PENDING: 'neutral',
  EXECUTING: 'warn',
  ACTIVE: 'good',
  CLOSING: 'warn',
  CLOSED: 'neutral',
  FAILED: 'bad',
};

/**
 * PENDING → EXECUTING → ACTIVE → CLOSING → CLOSED, or FAILED: one glance says which (and "stale" beside it
 * while Synthex cannot be reached, since a change could not arrive).
 */
export function StatusChip({ status }: { status: PositionStatus }) {
  return (
    <>
      <Badge tone={tones[status]}>{status}</Badge>
      <StaleMarker stale={false} />
    </>
  );
}
