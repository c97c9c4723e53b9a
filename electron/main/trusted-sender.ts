/** The parts of Electron's WebFrameMain the check needs (kept structural so tests need no Electron). */
export interface SenderFrame {
  url: string;
  parent: unknown | null;
}

/**
 * A call is trusted only from the top-level frame of our own renderer document: not from an iframe,
 * not from a page the window was somehow navigated to, not from a destroyed frame.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, rendererUrl: string): boolean {
  if (!frame || frame.parent !== null) return false;
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(frame.url);
    expected = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (expected.protocol === 'file:')
    return actual.protocol === 'file:' && actual.pathname === expected.pathname;
  return actual.origin === expected.origin;
}
