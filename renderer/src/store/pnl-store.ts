import { create } from 'zustand';
import type { PnlPoint, PnlPosition, PnlTick } from '../../../shared/domain/pnl';
import { api } from '../api/client';

interface PnlState {
  /** The latest pnl.tick (or pnl.get); null until the first arrives. */
  tick: PnlTick | null;
  /** Each ACTIVE position's live figure by id: a row selects only its own, so one tick re-renders only rows that moved. */
  byId: Readonly<Record<number, PnlPosition>>;
  load(): Promise<void>;
}

const index = (tick: PnlTick) => {
  const byId: Record<number, PnlPosition> = {};
  const previous = usePnl.getState().byId;
  for (const position of tick.positions) {
    const before = previous[position.id];
    // The same object when nothing of it changed, so zustand selectors see no change at all.
    byId[position.id] =
      before && before.unrealizedPnl === position.unrealizedPnl && before.stale === position.stale
        ? before
        : position;
  }
  return byId;
};

/** The live PnL of the active profile's ACTIVE positions (pnl.tick, at most 4 a second). */
export const usePnl = create<PnlState>(() => ({
  tick: null,
  byId: {},
  async load() {
    try {
      showTick(await api.invoke('pnl.get', {}));
    } catch {
      // No database or profile yet: the first pnl.tick fills this in.
    }
  },
}));

export function showTick(tick: PnlTick): void {
  usePnl.setState({ tick, byId: index(tick) });
}

api.on('pnl.tick', showTick);
// Whichever page opens first shows live figures at once, not only after the next tick.
void usePnl.getState().load();
api.connection.onChange((status) => {
  if (status === 'connected') void usePnl.getState().load();
});

/** Minute history for the charts: the total and the asked positions. */
export async function loadHistory(
  positionIds: number[],
  hours = 24,
): Promise<{ total: PnlPoint[]; positions: Map<number, PnlPoint[]> }> {
  const history = await api.invoke('pnl.history', { positionIds, hours });
  return { total: history.total, positions: new Map(history.positions.map((p) => [p.id, p.points])) };
}
