import { describe, expect, it } from 'vitest';
import { takePageToken, tokenStorageKey, type PageLocation } from '../../renderer/src/api/page-token';

/** A tab: its address, its session history entries, its sessionStorage. */
function tab(href: string, storage: Map<string, string> | null = new Map()) {
  const entries = [href];
  const page: PageLocation = {
    location: { href },
    history: {
      state: { scroll: 1 },
      replaceState(_state, _unused, url) {
        const next = new URL(url, page.location.href).href;
        entries[entries.length - 1] = next;
        page.location.href = next;
      },
    },
    sessionStorage: {
      getItem: (key) => {
        if (!storage) throw new Error('storage is off');
        return storage.get(key) ?? null;
      },
      setItem: (key, value) => {
        if (!storage) throw new Error('storage is off');
        storage.set(key, value);
      },
    },
  };
  return { page, entries, storage };
}

describe('the access token of a headless tab', () => {
  it('leaves the address bar and the history for this tab’s storage, the route kept', () => {
    const { page, entries, storage } = tab('http://127.0.0.1:5173/?token=abc-DEF_1#/positions/4');
    expect(takePageToken(page)).toBe('abc-DEF_1');
    expect(page.location.href).toBe('http://127.0.0.1:5173/#/positions/4');
    expect(entries).toEqual(['http://127.0.0.1:5173/#/positions/4']);
    expect(storage!.get(tokenStorageKey)).toBe('abc-DEF_1');
  });

  it('is read back on a reload of the clean address, and absent in a new tab', () => {
    const storage = new Map([[tokenStorageKey, 'abc']]);
    expect(takePageToken(tab('http://127.0.0.1:5173/#/dashboard', storage).page)).toBe('abc');
    expect(takePageToken(tab('http://127.0.0.1:5173/').page)).toBeNull();
  });

  it('from a newly printed address replaces the one a restart made stale', () => {
    const storage = new Map([[tokenStorageKey, 'old']]);
    expect(takePageToken(tab('http://127.0.0.1:5173/?token=new', storage).page)).toBe('new');
    expect(storage.get(tokenStorageKey)).toBe('new');
  });

  it('stays in the address when the tab cannot store it, so a reload still works', () => {
    const { page, entries } = tab('http://127.0.0.1:5173/?token=abc', null);
    expect(takePageToken(page)).toBe('abc');
    expect(entries).toEqual(['http://127.0.0.1:5173/?token=abc']);
    expect(takePageToken(tab('http://127.0.0.1:5173/', null).page)).toBeNull();
  });
});
