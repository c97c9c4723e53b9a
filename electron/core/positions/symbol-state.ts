import { Dec } from '../../../shared/decimal';
import type { AccountSession } from '../bybit-account/exchange-sessions';
import type { Position as ExchangePosition } from '../exchange';
import { modeOf, type PositionMode } from './leg-plan';

interface SymbolSettings {
  mode: PositionMode;
  /** Leverage of each row (one in one-way mode, the long and short rows in hedge mode). */
  leverages: string[];
}

/**
 * What Synthex knows about an account's symbols between positions: the position mode and the leverage,
 * learned from Bybit's position rows (a per-symbol read returns them even when flat) and from the private
 * position stream. Opening a second basket on the same coins then needs no read at all. An order refused
 * for a positionIdx that does not fit the mode drops the entry, so the next attempt reads it again.
 */
export class SymbolState {
  private readonly settings = new Map<string, SymbolSettings>();

  constructor(private readonly session: AccountSession) {}

  /** Mode and leverage of each symbol, reading (concurrently) the ones not known yet. */
  async load(symbols: readonly string[]): Promise<Map<string, SymbolSettings>> {
    const missing = symbols.filter((symbol) => !this.settings.has(symbol));
    await Promise.all(
      missing.map(async (symbol) => this.learn(symbol, await this.session.gateway.getPositions({ symbol }))),
    );
    return new Map(symbols.map((symbol) => [symbol, this.settings.get(symbol)!]));
  }

  async mode(symbol: string): Promise<PositionMode> {
    return (await this.load([symbol])).get(symbol)!.mode;
  }

  /** Sets the leverage where it differs; Bybit's "not modified" (110043) counts as done. */
  async ensureLeverage(symbols: readonly string[], leverage: string): Promise<void> {
    const known = await this.load(symbols);
    await Promise.all(
      symbols
        .filter((symbol) => known.get(symbol)!.leverages.some((value) => !new Dec(value || '0').eq(leverage)))
        .map(async (symbol) => {
          await this.session.gateway.setLeverage(symbol, leverage);
          const entry = this.settings.get(symbol);
          if (entry) entry.leverages = entry.leverages.map(() => leverage);
        }),
    );
  }

  /** Rows from a fresh read or the stream: a symbol's rows carry its mode and leverage. */
  learn(symbol: string, rows: readonly ExchangePosition[]): void {
    const own = rows.filter((row) => row.symbol === symbol);
    if (own.length === 0) return;
    this.settings.set(symbol, { mode: modeOf(own), leverages: own.map((row) => row.leverage) });
  }

  /** Pushed position rows: only what they say about symbols already known (a push may carry one row). */
  observe(rows: readonly ExchangePosition[]): void {
    for (const row of rows) {
      const entry = this.settings.get(row.symbol);
      if (!entry) continue;
      const expectedMode = row.positionIdx === 0 ? 'one-way' : 'hedge';
      if (entry.mode !== expectedMode) this.settings.delete(row.symbol);
      else if (entry.mode === 'one-way' && row.leverage) entry.leverages = [row.leverage];
    }
  }

  forget(symbol: string): void {
    this.settings.delete(symbol);
  }
}
