import { describe, expect, it } from 'vitest';
import type { Trade } from '../../shared/domain/positions';
import { tradesCsv } from '../../electron/core/positions/trades-csv';

/**
 * Exchange-sourced text (execution and order ids, the fee currency, the symbol) reaches the CSV a trader
 * opens in a spreadsheet: a cell that starts like a formula must arrive as text, a number as a number.
 */
const trade = (overrides: Partial<Trade>): Trade => ({
  id: 7,
  execId: 'e-1',
  orderLinkId: 'sx-1-2-o-1',
  bybitOrderId: 'o-1',
  symbol: 'BTCUSDT',
  side: 'Long',
  price: '65000.5',
  quantity: '0.001',
  fee: '0.0357',
  feeCurrency: 'USDT',
  kind: 'open',
  timestamp: '2026-03-01T12:00:00.000Z',
  ...overrides,
});

/** Parses one RFC 4180 line (quoted fields, doubled quotes) back into its cells. */
function cells(line: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at <= line.length) {
    if (line[at] === '"') {
      let value = '';
      at += 1;
      while (at < line.length) {
        if (line[at] === '"' && line[at + 1] === '"') {
          value += '"';
          at += 2;
        } else if (line[at] === '"') break;
        else value += line[at++];
      }
      out.push(value);
      at += 2; // closing quote and comma
    } else {
      const end = line.indexOf(',', at);
      out.push(line.slice(at, end < 0 ? line.length : end));
      at = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return out;
}

const row = (t: Trade, value = '65.0005') =>
  cells(tradesCsv([{ positionId: 3, trade: t, value }]).split('\r\n')[1]!);

describe('trades CSV', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', 'execId'],
    ['+SUM(1,2)', 'bybitOrderId'],
    ["-2+3+cmd|' /C calc'!A0", 'execId'],
    ['@SUM(A1:A2)', 'feeCurrency'],
    ['\t=1+1', 'orderLinkId'],
    ['\r=1+1', 'bybitOrderId'],
    ['=1', 'symbol'],
  ] as const)('turns the formula-like %j (in %s) into text', (hostile, field) => {
    const columns = row(trade({ [field]: hostile }));
    const index = { execId: 11, orderLinkId: 12, bybitOrderId: 13, feeCurrency: 9, symbol: 3 }[field];
    expect(columns).toHaveLength(14);
    // A leading apostrophe makes a spreadsheet show the cell as text; the rest is kept as sent.
    expect(columns[index]).toBe(`'${hostile}`);
  });

  it('keeps numbers, negative and signed ones included, as numbers', () => {
    const columns = row(trade({ fee: '-12.5', price: '+3', quantity: '-0.001' }), '-1e-8');
    expect(columns.slice(5, 9)).toEqual(['-0.001', '+3', '-1e-8', '-12.5']);
    expect(columns[0]).toBe('3');
    expect(columns[2]).toBe('2026-03-01T12:00:00.000Z');
  });

  it('leaves ordinary text alone and still quotes commas and quotes', () => {
    const csv = tradesCsv([{ positionId: 1, trade: trade({ execId: 'a,"b"' }), value: '1' }]);
    expect(csv.split('\r\n')[1]).toContain(',"a,""b""",');
    expect(row(trade({ execId: 'abc-=1' }))[11]).toBe('abc-=1');
  });
});
