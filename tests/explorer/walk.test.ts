import { describe, expect, it } from 'vitest';
import { exchangeEvents } from './exchange-events';
import { traderActions } from './trader-actions';
import { stepDraws, weighted } from './trace';

describe('the walk is a function of the seed', () => {
  it('draws the same numbers for a seed and step whatever came before, and others elsewhere', () => {
    const later = stepDraws(42, 7, 24);
    stepDraws(42, 6, 24);
    expect(stepDraws(42, 7, 24)).toEqual(later);
    expect(stepDraws(42, 8, 24)).not.toEqual(later);
    expect(stepDraws(43, 7, 24)).not.toEqual(later);
    expect(later.every((u) => u >= 0 && u < 1)).toBe(true);
  });

  it('picks each table entry in proportion to its weight', () => {
    const table = [
      { name: 'a', weight: 1 },
      { name: 'b', weight: 3 },
    ];
    expect(weighted(table, 0).name).toBe('a');
    expect(weighted(table, 0.24).name).toBe('a');
    expect(weighted(table, 0.26).name).toBe('b');
    expect(weighted(table, 0.999).name).toBe('b');
  });

  it('names every action and event once', () => {
    const names = [...traderActions, ...exchangeEvents].map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...traderActions, ...exchangeEvents].every((entry) => entry.weight > 0)).toBe(true);
  });
});
