import type { PositionStatus } from '../../../../shared/domain/positions';
import { Badge, type Tone } from '../../components/Badge';

const tones: Record<PositionStatus, Tone> = {
  PENDING: 'neutral',
  EXECUTING: 'warn',
  ACTIVE: 'good',
  CLOSING: 'warn',
  CLOSED: 'neutral',
  FAILED: 'bad',
};

/** PENDING → EXECUTING → ACTIVE → CLOSING → CLOSED, or FAILED: one glance says which. */
export function StatusChip({ status }: { status: PositionStatus }) {
  return <Badge tone={tones[status]}>{status}</Badge>;
}
