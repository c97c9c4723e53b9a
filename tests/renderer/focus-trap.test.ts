import { describe, expect, it } from 'vitest';
import { trapTarget } from '../../renderer/src/components/focus-trap';

// The Confirm group's Tab rule, on stand-ins for its buttons: only the ends wrap, so a keyboard user
// cycles through the confirmation (confirm, Cancel, confirm…) until Escape or Cancel lets go.
describe('trapTarget', () => {
  const stops = ['confirm', 'middle', 'cancel'];

  it('wraps Tab from the last stop to the first, and Shift+Tab from the first to the last', () => {
    expect(trapTarget(stops, 'cancel', false)).toBe('confirm');
    expect(trapTarget(stops, 'confirm', true)).toBe('cancel');
  });

  it('leaves the steps in between to the browser', () => {
    expect(trapTarget(stops, 'confirm', false)).toBeNull();
    expect(trapTarget(stops, 'middle', false)).toBeNull();
    expect(trapTarget(stops, 'middle', true)).toBeNull();
    expect(trapTarget(stops, 'cancel', true)).toBeNull();
  });

  it('brings focus that is on no stop (a button just disabled) back in at the end Tab heads for', () => {
    expect(trapTarget(stops, 'disabled', false)).toBe('confirm');
    expect(trapTarget(stops, 'disabled', true)).toBe('cancel');
  });

  it('keeps the single stop when there is one, and does nothing when there is none', () => {
    expect(trapTarget(['cancel'], 'cancel', false)).toBe('cancel');
    expect(trapTarget(['cancel'], 'cancel', true)).toBe('cancel');
    expect(trapTarget([], 'anything', false)).toBeNull();
  });
});
