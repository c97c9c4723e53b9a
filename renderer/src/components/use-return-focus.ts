import { useEffect, useRef } from 'react';

/**
 * The button that opened a confirmation gets the focus back when the confirmation goes (Escape, Cancel,
 * or done): otherwise the focus falls to the page's body and a keyboard user starts again from the top.
 * Give the returned ref to the button; `open` is whether the confirmation shows.
 */
export function useReturnFocus<T extends HTMLElement = HTMLButtonElement>(open: boolean) {
  const opener = useRef<T | null>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    // The button is rendered again when the confirmation goes: the ref points at the new one by now.
    if (wasOpen.current && !open) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return opener;
}
