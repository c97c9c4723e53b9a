import { useEffect, useState } from 'react';

export const pages = [
  { id: 'dashboard', label: 'Dashboard', key: '1' },
  { id: 'positions', label: 'Positions', key: '2' },
  { id: 'universe', label: 'Universe', key: '3' },
  { id: 'settings', label: 'Settings', key: '4' },
  { id: 'system', label: 'System', key: '5' },
] as const;

export type PageId = (typeof pages)[number]['id'];

/** `#/settings/api-key` → ['settings', 'api-key']: a page, then an optional part of it to open. */
function hashParts(): [string, string | null] {
  const [id = '', section] = window.location.hash.replace(/^#\/?/, '').split('/');
  return [id, section || null];
}

function pageFromHash(): PageId {
  const [id] = hashParts();
  return pages.find((page) => page.id === id)?.id ?? 'dashboard';
}

/** The part of the page a link asked for: `#/settings/api-key` opens the API key form. */
export function useRequestedSection(): string | null {
  const [section, setSection] = useState(() => hashParts()[1]);
  useEffect(() => {
    const onChange = () => setSection(hashParts()[1]);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return section;
}

/** Hash routing keeps the headless page's `?token=` untouched and works from file:// in the desktop app. */
export function useCurrentPage(): PageId {
  const [page, setPage] = useState(pageFromHash);
  useEffect(() => {
    const onChange = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return page;
}

export function goTo(page: PageId, section?: string): void {
  window.location.hash = section ? `#/${page}/${section}` : `#/${page}`;
}

/** The New position page (`#/positions/new`), where N leads from anywhere. */
export const newPositionSection = 'new';
export const newPositionKey = 'n';

/** True while the keyboard is typing into something: single-letter shortcuts stay out of the way then. */
export function isTextEntry(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return Boolean(element?.closest?.('input, textarea, select, [contenteditable="true"]'));
}

/** Ctrl/Cmd + 1…5 switches pages from anywhere; N opens New position unless a field has the keyboard. */
export function useNavigationShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (
        event.key.toLowerCase() === newPositionKey &&
        !(event.ctrlKey || event.metaKey || event.altKey) &&
        !event.repeat &&
        !isTextEntry(event.target)
      ) {
        event.preventDefault();
        goTo('positions', newPositionSection);
        return;
      }
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const page = pages.find((candidate) => candidate.key === event.key);
      if (!page) return;
      event.preventDefault();
      goTo(page.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
