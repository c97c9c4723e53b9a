import { describe, expect, it } from 'vitest';
import { problems } from './lint-problems';

/**
 * Bybit prints one number as "0", "0.0" or "0.000" (docs/bybit-v5.md "Differences we know of"), so app code
 * may not compare decimal text: lint refuses it everywhere the app's code lives.
 */
describe('lint forbids comparing decimal text', () => {
  it.each([
    ['electron/core/drift/x.ts', "export const f = (e: { execQty: string }) => e.execQty !== '0';\n"],
    ['electron/core/x.ts', "export const f = (size: string) => '0.000' === size;\n"],
    ['shared/x.ts', "export const f = (v: string) => v == '1.5';\n"],
    ['renderer/src/x.tsx', "export const f = (v: string) => v === '.5';\n"],
    [
      'scripts/x.ts',
      "export function f(v: string) {\n  switch (v) {\n    case '0.0':\n      return 1;\n  }\n  return 0;\n}\n",
    ],
  ])('%s: %s fails', async (file, code) => {
    expect((await problems(file, code)).join('\n')).toMatch(/Do not compare decimal text/);
  });

  it.each([
    [
      'electron/core/x.ts',
      "import { Dec } from '../../shared/decimal';\nexport const f = (e: { execQty: string }) => !new Dec(e.execQty).isZero();\n",
    ],
    // Flags and enum values that are whole numbers are not amounts.
    ['electron/core/x.ts', "export const f = (v: unknown) => v === '1' || v === 1;\n"],
    ['electron/core/x.ts', "export const f = (v: string) => v === '';\n"],
  ])('%s: %s passes', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
