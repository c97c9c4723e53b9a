import { describe, expect, it } from 'vitest';
import { channels, issuesFromZod } from '../../shared/contract';

/**
 * Names a trader types (profiles, custom baskets) are shown in lists, the tray, notifications and CSV
 * file names: control characters, bidi overrides and zero-width characters (Unicode Cc and Cf) would
 * make one name look like another, or break the row that stores it (NUL). Both channels refuse them,
 * at the field, with the character named.
 */
const hostile = [
  ['NUL', 'Main\u0000'],
  ['a tab', 'Ma\tin'],
  ['a line feed', 'Ma\nin'],
  ['DEL', 'Main\u007f'],
  ['a C1 control (U+0085)', 'Main\u0085'],
  ['right-to-left override (U+202E)', 'Main\u202Egnp.exe'],
  ['right-to-left isolate (U+2067)', '\u2067Main'],
  ['left-to-right mark (U+200E)', 'Ma\u200Ein'],
  ['zero-width space (U+200B)', 'Ma\u200Bin'],
  ['zero-width joiner (U+200D)', 'Ma\u200Din'],
  ['zero-width no-break space inside (U+FEFF)', 'Ma\uFEFFin'],
  ['soft hyphen (U+00AD)', 'Ma\u00ADin'],
] as const;

const basketDefinition = {
  kind: 'basket',
  weighting: 'equal',
  legs: [{ symbol: 'BTCUSDT' }, { symbol: 'ETHUSDT' }],
} as const;

const requests = {
  'profiles.create': (name: string) => ({ name }),
  'profiles.update': (name: string) => ({ id: 1, name }),
  'indices.save': (name: string) => ({ name, definition: basketDefinition }),
} as const;

describe.each(Object.keys(requests) as (keyof typeof requests)[])('%s name', (channel) => {
  const parse = (name: string) => channels[channel].request.safeParse(requests[channel](name));

  it.each(hostile)('refuses %s at the name field, naming the character', (_, name) => {
    const parsed = parse(name);
    expect(parsed.success).toBe(false);
    const issues = issuesFromZod(parsed.error!);
    const code = [...name]
      .find((c) => /[\p{Cc}\p{Cf}]/u.test(c))!
      .codePointAt(0)!
      .toString(16)
      .toUpperCase()
      .padStart(4, '0');
    expect(issues).toEqual([{ path: 'name', message: expect.stringContaining(`U+${code}`) }]);
  });

  it('accepts names in any script, with accents and emoji', () => {
    for (const name of ['Main', 'Überkorb', 'مؤشر', '指数 10', 'Top 🚀', 'e\u0301te']) {
      expect(parse(name).success, name).toBe(true);
    }
  });
});
