import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import { changesSize } from '../../electron/core/ledger/drift-repository';
import { decimalFields } from '../../electron/core/exchange/decimal-fields';
import * as mappers from '../../electron/core/exchange/mappers';

/**
 * The gateway reads every decimal Bybit sends through one table (decimal-fields.ts), and the table covers
 * every decimal field of the gateway's types: a field added to types.ts without saying what Bybit's ""
 * means there fails here. Bybit's text varies ("0.010" / "0.01", padded tickers) and it leaves fields
 * empty (a flat position), so the app must read numbers, never text (docs/bybit-v5.md "Differences").
 */
const typesFile = fileURLToPath(new URL('../../electron/core/exchange/types.ts', import.meta.url));
const typeOfTable: Record<keyof typeof decimalFields, string> = {
  instrument: 'Instrument',
  ticker: 'Ticker',
  walletCoin: 'WalletCoin',
  wallet: 'WalletBalance',
  position: 'Position',
  order: 'Order',
  execution: 'Execution',
};

/** The fields of `name` declared `DecimalString` (→ zero) or `OptionalDecimalString` (→ none). */
function declaredDecimals(name: string): Record<string, 'zero' | 'none'> {
  const source = ts.createSourceFile(typesFile, readFileSync(typesFile, 'utf8'), ts.ScriptTarget.Latest);
  const decl = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  if (!decl) throw new Error(`no interface ${name} in types.ts`);
  const out: Record<string, 'zero' | 'none'> = {};
  for (const member of decl.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const type = member.type.getText(source);
    if (type === 'DecimalString') out[(member.name as ts.Identifier).text] = 'zero';
    if (type === 'OptionalDecimalString') out[(member.name as ts.Identifier).text] = 'none';
  }
  return out;
}

describe('the decimal table', () => {
  it.each(Object.entries(typeOfTable))(
    'covers every decimal field of %s (%s) with its meaning of ""',
    (table, name) => {
      expect(decimalFields[table as keyof typeof decimalFields]).toEqual(declaredDecimals(name));
    },
  );
});

const mapped = {
  instrument: (raw: Record<string, string>) =>
    mappers.toInstrument({ lotSizeFilter: raw, priceFilter: raw, leverageFilter: raw }) as unknown as Record<
      string,
      unknown
    >,
  ticker: (raw: Record<string, string>) => mappers.toTicker(raw) as unknown as Record<string, unknown>,
  walletCoin: (raw: Record<string, string>) =>
    mappers.toWalletBalance({ coin: [raw] }).coins[0] as unknown as Record<string, unknown>,
  wallet: (raw: Record<string, string>) => mappers.toWalletBalance(raw) as unknown as Record<string, unknown>,
  position: (raw: Record<string, string>) => mappers.toPosition(raw) as unknown as Record<string, unknown>,
  order: (raw: Record<string, string>) => mappers.toOrder(raw) as unknown as Record<string, unknown>,
  execution: (raw: Record<string, string>) => mappers.toExecution(raw) as unknown as Record<string, unknown>,
};

describe('the mappers', () => {
  it.each(Object.keys(mapped))('%s: "" reads as "0" or as none, padded text as the same number', (table) => {
    const fields = decimalFields[table as keyof typeof decimalFields] as Record<string, 'zero' | 'none'>;
    const map = mapped[table as keyof typeof mapped];
    const empty = map(Object.fromEntries(Object.keys(fields).map((f) => [f, ''])));
    for (const [field, meaning] of Object.entries(fields))
      expect(empty[field], field).toBe(meaning === 'zero' ? '0' : '');
    const padded = map(Object.fromEntries(Object.keys(fields).map((f) => [f, '0.010'])));
    for (const field of Object.keys(fields))
      expect(new Dec(padded[field] as string).eq('0.01'), field).toBe(true);
    const garbage = map(Object.fromEntries(Object.keys(fields).map((f) => [f, '1e5'])));
    for (const field of Object.keys(fields)) expect(garbage[field], field).not.toBe('1e5');
  });

  it("reads Bybit's flat position row (REST and stream) as zeros with no liquidation price", () => {
    const flat = {
      symbol: 'BTCUSDT',
      side: '',
      size: '0',
      avgPrice: '0',
      positionValue: '',
      unrealisedPnl: '',
      liqPrice: '',
      markPrice: '68577.5',
      curRealisedPnl: '0',
      cumRealisedPnl: '-1.2',
    };
    expect(mappers.toPosition(flat)).toMatchObject({
      size: '0',
      positionValue: '0',
      unrealisedPnl: '0',
      liqPrice: '',
    });
    const { avgPrice: _avg, ...stream } = flat;
    expect(mappers.toPosition({ ...stream, entryPrice: '0' }).avgPrice).toBe('0');
  });

  it('a linear fill with feeCurrency "" is charged in its settle coin', () => {
    expect(mappers.toExecution({ symbol: 'BTCUSDT', feeCurrency: '' }).feeCurrency).toBe('USDT');
    expect(mappers.toExecution({ symbol: 'BTCPERP', feeCurrency: '' }).feeCurrency).toBe('USDC');
    expect(mappers.toExecution({ symbol: 'BTCUSDT', feeCurrency: 'USDT' }).feeCurrency).toBe('USDT');
  });

  it('a fill of "0.000" changes no size, whatever its text', () => {
    const fill = (execQty: string) => mappers.toExecution({ execType: 'Trade', execQty });
    expect([fill('0').execQty, fill('0.000').execQty, fill('').execQty]).toEqual(['0', '0.000', '0']);
    expect([changesSize(fill('0')), changesSize(fill('0.000')), changesSize(fill(''))]).toEqual([
      false,
      false,
      false,
    ]);
    expect(changesSize(fill('0.010'))).toBe(true);
  });
});
