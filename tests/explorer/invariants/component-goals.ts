import type { World } from './world';

/**
 * What a position's component should hold as of a moment: the component snapshot in force then. A
 * rebalance or an adoption copies the snapshot it replaces to `position_component_history` (stamped
 * `replacedAt`) and overwrites the components in place, so the snapshot in force at time t is the oldest
 * one replaced after t, or the current components when none was.
 */
export function componentGoals(world: World) {
  const components = new Map(world.db.components.map((c) => [c.id, c]));
  const snapshots = new Map<
    number,
    { snapshot: number; replacedAt: number; bySymbol: Map<string, string> }[]
  >();
  for (const row of world.db.componentHistory) {
    const list = snapshots.get(row.positionId) ?? [];
    let entry = list.find((s) => s.snapshot === row.snapshot);
    if (!entry) {
      entry = { snapshot: row.snapshot, replacedAt: row.replacedAt, bySymbol: new Map() };
      list.push(entry);
      list.sort((a, b) => a.snapshot - b.snapshot);
      snapshots.set(row.positionId, list);
    }
    entry.bySymbol.set(row.symbol, row.expectedQuantity);
  }
  /** The signed quantity component `componentId` of `positionId` was to hold at `at`, or null if unknown. */
  return (positionId: number, componentId: number, at: number): string | null => {
    const component = components.get(componentId);
    if (!component || component.positionId !== positionId) return null;
    const inForce = (snapshots.get(positionId) ?? []).find((s) => s.replacedAt > at);
    return inForce ? (inForce.bySymbol.get(component.symbol) ?? '0') : component.expectedQuantity;
  };
}
