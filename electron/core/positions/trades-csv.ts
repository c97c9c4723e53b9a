import { orderSideOf, type Trade } from '../../../shared/domain/positions';

export const tradeCsvColumns = [
  'position_id',
  'trade_id',
  'time',
  'symbol',
  'side',
  'quantity',
  'price',
  'value',
  'fee',
  'fee_currency',
  'kind',
  'exec_id',
  'order_link_id',
  'bybit_order_id',
] as const;

/** A number as a spreadsheet reads one: sign, digits, an optional fraction and exponent. */
const numeric = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * Ids and currencies come from the exchange, so a cell may start like a formula (`=HYPERLINK(…)`): such a
 * cell is prefixed with an apostrophe, which spreadsheets show as text. Numbers (`-12.5`) stay numbers.
 * Then RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
 */
export function csvField(raw: string): string {
  const value = formulaStart.test(raw) && !numeric.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One row per fill with a header (`side` is what the order did: Buy or Sell); decimal strings pass through untouched (value is quantity × price,
 * multiplied as decimals by the caller), lines end in CRLF as RFC 4180 says.
 */
export function tradesCsv(rows: readonly { positionId: number; trade: Trade; value: string }[]): string {
  const lines = [tradeCsvColumns.join(',')];
  for (const { positionId, trade, value } of rows)
    lines.push(
      [
        String(positionId),
        String(trade.id),
        trade.timestamp,
        trade.symbol,
        orderSideOf(trade.side),
        trade.quantity,
        trade.price,
        value,
        trade.fee,
        trade.feeCurrency,
        trade.kind,
        trade.execId,
        trade.orderLinkId ?? '',
        trade.bybitOrderId,
      ]
        .map(csvField)
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}
