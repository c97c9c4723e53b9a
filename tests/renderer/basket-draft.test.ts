import { describe, expect, it } from 'vitest';
import { SynthexError } from '../../shared/contract';
import type { IndexSummary } from '../../shared/domain/indices';
import { formFailure } from '../../renderer/src/forms/form-failure';
import {
  basketLabels,
  checkBasket,
  compactBasket,
  draftFromIndex,
  emptyBasket,
  fieldPath,
  newLeg,
  weightTotal,
  type BasketDraft,
} from '../../renderer/src/pages/new-position/basket/basket-draft';

const basket = (patch: Partial<BasketDraft>): BasketDraft => ({ ...emptyBasket(), name: 'Majors', ...patch });
/** A custom-weighted basket as the core stores it: each leg's weight a fraction. */
const customBasket = (...legs: [symbol: string, weight: string][]) => ({
  kind: 'basket' as const,
  weighting: 'custom' as const,
  legs: legs.map(([symbol, weight]) => ({ symbol, weight })),
});

describe('the basket editor', () => {
  it('sends custom weights typed in percent as fractions', () => {
    const checked = checkBasket(
      basket({
        weighting: 'custom',
        legs: [newLeg('BTCUSDT', '50'), newLeg('ethusdt', '30 %'), newLeg('SOLUSDT', '20')],
      }),
    );
    expect(checked.fields).toEqual({});
    expect(checked.request).toEqual({
      name: 'Majors',
      definition: customBasket(['BTCUSDT', '0.5'], ['ethusdt', '0.3'], ['SOLUSDT', '0.2']),
    });
  });

  it('puts each problem at its field: weights that miss 100 %, a coin twice, a bad weight', () => {
    const sum = checkBasket(
      basket({ weighting: 'custom', legs: [newLeg('BTCUSDT', '50'), newLeg('ETHUSDT', '40')] }),
    );
    expect(sum.request).toBeNull();
    expect(sum.fields).toEqual({ 'definition.legs': 'the weights add up to 90 %, not 100 %' });

    const twice = checkBasket(basket({ legs: [newLeg('BTCUSDT'), newLeg('ETHUSDT'), newLeg('BTCUSDT')] }));
    expect(twice.fields).toEqual({ 'definition.legs.2.symbol': 'BTCUSDT is already leg 1' });

    const bad = checkBasket(
      basket({
        name: ' ',
        weighting: 'custom',
        legs: [newLeg('BTCUSDT', 'half'), newLeg('NOT-A-COIN', '50')],
      }),
    );
    expect(bad.fields).toEqual({
      name: 'give the index a name',
      'definition.legs.0.weight': 'must be a percentage, such as 25 or 33.33',
      'definition.legs.1.symbol': 'must be a USDT perpetual symbol such as BTCUSDT',
    });
  });

  it('refuses a name with an invisible character at the name field, naming it', () => {
    for (const [name, code] of [
      ['Majors\u0000', 'U+0000'],
      ['Majors\u202E', 'U+202E'],
      ['Ma\u200Bjors', 'U+200B'],
    ] as const) {
      const checked = checkBasket(basket({ name, legs: [newLeg('BTCUSDT'), newLeg('ETHUSDT')] }));
      expect(checked.request).toBeNull();
      expect(checked.fields).toEqual({ name: expect.stringContaining(code) });
    }
  });

  it('checks rules: a cap that cannot be met, exclusions listed twice, a top N that is no number', () => {
    const cap = checkBasket(basket({ kind: 'rule', topN: '3', ruleWeighting: 'mcap', capPercent: '25' }));
    expect(cap.fields).toEqual({
      'definition.cap': '3 coins capped at 25 % cannot add up to 100 % (needs at least 4 coins)',
    });
    const excluded = checkBasket(basket({ kind: 'rule', topN: '10', exclude: 'DOGEUSDT, XRPUSDT DOGEUSDT' }));
    expect(excluded.fields).toEqual({ 'definition.exclude': 'DOGEUSDT is listed twice' });
    expect(checkBasket(basket({ kind: 'rule', topN: 'ten' })).fields['definition.topN']).toBe(
      'must be a whole number, such as 10',
    );
    const ok = checkBasket(basket({ kind: 'rule', topN: '15', ruleWeighting: 'mcap', capPercent: '10' }));
    expect(ok.request?.definition).toEqual({
      kind: 'rule',
      topN: 15,
      weighting: 'mcap',
      cap: '0.1',
      exclude: [],
    });
  });

  it('maps the core’s issue paths to the fields the editor shows', () => {
    const draft = basket({ legs: [newLeg('BTCUSDT'), newLeg('ETHUSDT')] });
    const failure = formFailure(
      new SynthexError('INVALID_PAYLOAD', 'Invalid payload for indices.save', [
        { path: 'definition.legs.1.weight', message: 'must be above 0' },
        { path: 'definition.exclude.0', message: 'listed twice' },
        { path: 'name', message: 'already used by another of your indices' },
      ]),
      basketLabels({ ...draft, exclude: 'DOGEUSDT' }),
    );
    expect(failure.fields).toEqual({
      'definition.legs.1.weight': 'must be above 0',
      'definition.exclude.0': 'listed twice',
      name: 'already used by another of your indices',
    });
    expect(failure.message).toBe('Check the marked fields.');
    expect(fieldPath('definition.exclude.0')).toBe('definition.exclude');
    expect(fieldPath('definition.legs.1.weight')).toBe('definition.legs.1.weight');
  });

  it('leaves out empty rows, so leg numbers are the rows shown', () => {
    const compact = compactBasket(basket({ legs: [newLeg('BTCUSDT'), newLeg(), newLeg('BTCUSDT')] }));
    expect(compact.legs.map((l) => l.symbol)).toEqual(['BTCUSDT', 'BTCUSDT']);
    expect(checkBasket(compact).fields).toEqual({ 'definition.legs.1.symbol': 'BTCUSDT is already leg 1' });
    expect(compactBasket(basket({ legs: [newLeg(), newLeg()] })).legs).toHaveLength(1);
  });

  it('opens a saved basket with its weights in percent, and totals what is typed', () => {
    const summary: IndexSummary = {
      id: 'custom-4',
      name: 'Two',
      builtIn: false,
      description: '',
      definition: customBasket(['BTCUSDT', '0.6'], ['ETHUSDT', '0.4']),
      missingSymbols: [],
      updatedAt: null,
    };
    const draft = draftFromIndex(summary);
    expect(draft).toMatchObject({ id: 'custom-4', name: 'Two', kind: 'basket', weighting: 'custom' });
    expect(draft.legs.map((l) => [l.symbol, l.weightPercent])).toEqual([
      ['BTCUSDT', '60'],
      ['ETHUSDT', '40'],
    ]);
    expect(checkBasket(draft).request).toMatchObject({ id: 'custom-4' });
    expect(weightTotal(draft.legs)).toBe('100');
    expect(weightTotal([newLeg('X', '33.3'), newLeg('Y', 'abc')])).toBeNull();
  });
});
