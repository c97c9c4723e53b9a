import { describe, expect, it } from 'vitest';
import { positionHref, positionIdInSection, positionIdInUrl } from '../../shared/routes/position-route';

describe('the route of a position page', () => {
  it('reads back what it builds, from a hash or a full address', () => {
    expect(positionHref(12)).toBe('#/positions/12');
    expect(positionIdInUrl(positionHref(12))).toBe(12);
    expect(
      positionIdInUrl(`file:///opt/Synthex/resources/app.asar/out/renderer/index.html${positionHref(7)}`),
    ).toBe(7);
    expect(positionIdInUrl(`http://127.0.0.1:5173/?token=abc${positionHref(345)}`)).toBe(345);
  });

  it('names no position for any other address', () => {
    for (const url of [
      '#/positions',
      '#/positions/new',
      '#/positions/12/x',
      '#/tray-popup',
      'https://example.com/positions/12',
    ])
      expect(positionIdInUrl(url)).toBeNull();
  });

  it('reads a section of the positions page', () => {
    expect(positionIdInSection('12')).toBe(12);
    expect(positionIdInSection('new')).toBeNull();
    expect(positionIdInSection('1e3')).toBeNull();
    expect(positionIdInSection(null)).toBeNull();
  });
});
