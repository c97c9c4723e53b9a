/**
 * The address of one position's page, `#/positions/12`: built and read only here. The renderer links to
 * it, the main process opens it from a notification or the tray, and the tray popup recognises a click on
 * it; spelled in one place, a change of route cannot leave one of them pointing at nothing.
 */
const positionHash = /#\/positions\/(\d+)$/;

/** The hash of a position's detail page. */
export function positionHref(id: number): string {
  return `#/positions/${id}`;
}

/** The position a full address or hash points at (`…#/positions/12` → 12), or null for any other. */
export function positionIdInUrl(url: string): number | null {
  const match = positionHash.exec(url);
  return match ? Number(match[1]) : null;
}

/** The position a `#/positions/<section>` section names (`'12'` → 12), or null (`'new'`, none). */
export function positionIdInSection(section: string | null): number | null {
  return section !== null && /^\d+$/.test(section) ? Number(section) : null;
}
