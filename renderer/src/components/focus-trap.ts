/** What Tab can reach inside a confirmation: its enabled controls and links (a plan's table has none). */
export const focusStops =
  'button:not(:disabled), [href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/**
 * Where Tab goes next inside a trap, or null to leave it to the browser. Only the ends wrap (Tab on the
 * last stop goes to the first, Shift+Tab on the first to the last), so the order in between stays the
 * document's; focus on something that is no stop (a button that just went disabled) is brought back in
 * at the end Tab heads for. Kept apart from the DOM so the rule can be tested without one.
 */
export function trapTarget<T>(stops: readonly T[], active: unknown, backwards: boolean): T | null {
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (first === undefined || last === undefined) return null;
  const inside = stops.some((stop) => stop === active);
  if (backwards) return active === first || !inside ? last : null;
  return active === last || !inside ? first : null;
}
