import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../electron/main/trusted-sender';

describe('trusted sender', () => {
  const file = 'file:///app/out/renderer/index.html';
  it.each([
    [{ url: 'file:///app/out/renderer/index.html#/system', parent: null }, file, true],
    [{ url: 'file:///app/out/renderer/other.html', parent: null }, file, false],
    [{ url: 'http://localhost:5173/#/x', parent: null }, 'http://localhost:5173/', true],
    [{ url: 'http://localhost:5174/', parent: null }, 'http://localhost:5173/', false],
    [{ url: 'not a url', parent: null }, file, false],
    [{ url: file, parent: {} }, file, false],
    [null, file, false],
  ])('%j against %s → %s', (frame, rendererUrl, trusted) => {
    expect(isTrustedSender(frame, rendererUrl)).toBe(trusted);
  });
});
