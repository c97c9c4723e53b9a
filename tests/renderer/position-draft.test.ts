import { describe, expect, it } from 'vitest';
import {
  checkDraft,
  confirmationKey,
  defaultDraft,
  normaliseAmount,
  requestKey,
} from '../../renderer/src/pages/new-position/position-draft';

describe('the New position form', () => {
  it('turns valid values into the preview request', () => {
    expect(checkDraft({ ...defaultDraft, usdtSize: ' 1,000.5 ' })).toEqual({
      request: { indexId: 'top10-equal', usdtSize: '1000.5', direction: 'long', leverage: '1' },
      fields: {},
    });
  });

  it('marks each field at fault with the words the core would use', () => {
    const checked = checkDraft({ ...defaultDraft, usdtSize: '0', leverage: '500' });
    expect(checked.request).toBeNull();
    expect(checked.fields).toEqual({
      usdtSize: 'the size must be at least 0.01',
      leverage: 'leverage must be at most 100',
    });
    expect(checkDraft({ ...defaultDraft, usdtSize: '' }).fields).toEqual({
      usdtSize: 'enter a size in USDT',
    });
    expect(checkDraft({ ...defaultDraft, usdtSize: '12abc' }).fields.usdtSize).toBe(
      'must be a number with at most 8 decimals',
    );
    expect(checkDraft({ ...defaultDraft, indexId: 'nonsense' }).fields.indexId).toMatch(/built-in index id/);
  });

  it('says a negative size must be more than 0 (it said "must be a number with at most 8 decimals")', () => {
    expect(checkDraft({ ...defaultDraft, usdtSize: '-500' }).fields.usdtSize).toBe(
      'the size must be more than 0',
    );
    expect(checkDraft({ ...defaultDraft, usdtSize: '-0.5' }).fields.usdtSize).toBe(
      'the size must be more than 0',
    );
    expect(checkDraft({ ...defaultDraft, leverage: '-2' }).fields.leverage).toBe(
      'leverage must be at least 1',
    );
  });

  it('reads thousands separators only where they can only be thousands', () => {
    expect(normaliseAmount('1 000')).toBe('1000');
    expect(normaliseAmount('12,345,678.9')).toBe('12345678.9');
    expect(normaliseAmount('1,5')).toBe('1,5');
  });

  it('asks the preview for the slippage cap typed in the confirmation, and keeps the confirmation open for it', () => {
    const typed = { ...defaultDraft, maxSlippagePercent: '1.2 %' };
    expect(checkDraft(typed).request).toMatchObject({ maxSlippagePercent: '1.2' });
    expect(requestKey(checkDraft(typed).request)).not.toBe(requestKey(checkDraft(defaultDraft).request));
    expect(confirmationKey(typed)).toBe(confirmationKey(defaultDraft));
    expect(confirmationKey({ ...defaultDraft, usdtSize: '2000' })).not.toBe(confirmationKey(defaultDraft));
    expect(checkDraft({ ...defaultDraft, maxSlippagePercent: '11' }).fields).toEqual({
      maxSlippagePercent: 'the slippage cap must be at most 10',
    });
  });

  it('gives equal requests equal keys', () => {
    const a = checkDraft(defaultDraft).request;
    const b = checkDraft({ ...defaultDraft }).request;
    expect(requestKey(a)).toBe(requestKey(b));
    expect(requestKey(a)).not.toBe(requestKey(checkDraft({ ...defaultDraft, direction: 'short' }).request));
  });
});
