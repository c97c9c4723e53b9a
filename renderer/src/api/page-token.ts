/** Where this tab keeps headless mode's access token once it is out of the address bar. */
export const tokenStorageKey = 'synthex.accessToken';

export interface PageLocation {
  location: { href: string };
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/**
 * Headless mode's access token for this tab. The printed address carries it (`/?token=T`); left there it
 * would sit in the address bar, the tab's history and anything copied from it, so it is moved into
 * sessionStorage (this tab only, gone when the tab closes) and the address replaced by the same one
 * without it. A reload of the clean address reads it back; a new tab or a bookmark has none (null), and
 * the page then asks for the printed address. If storage is off, the token stays in the address, so a
 * reload still works.
 */
export function takePageToken(page: PageLocation): string | null {
  const url = new URL(page.location.href);
  const fromAddress = url.searchParams.get('token');
  if (fromAddress === null) {
    try {
      return page.sessionStorage.getItem(tokenStorageKey);
    } catch {
      return null;
    }
  }
  try {
    page.sessionStorage.setItem(tokenStorageKey, fromAddress);
  } catch {
    return fromAddress;
  }
  url.searchParams.delete('token');
  page.history.replaceState(page.history.state, '', url.pathname + url.search + url.hash);
  return fromAddress;
}
