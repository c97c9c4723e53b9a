import { SynthexError } from '../../../shared/contract';
import {
  defaultFeesBps,
  type BacktestResult,
  type ParsedBacktestRequest,
} from '../../../shared/domain/backtest';
import type { Message } from '../../../shared/domain/preview';
import { describeDefinition } from '../../../shared/indices/built-in-indices';
import type { InstrumentFilters } from '../../../shared/indices/backtest/market-tape';
import { benchmarkSymbol, runBacktest } from '../../../shared/indices/backtest/run-backtest';
import { exchangeEndpoints } from '../exchange';
import { asContractError } from '../exchange/contract-error';
import { findCatalogIndex } from '../indices/index-catalog';
import type { PreviewServiceDeps } from '../indices/preview-service';
import { newestMarkDay, readHistory, readSnapshots, symbolsOf } from './backtest-data';

/** The backtest reads an index the way a preview does: the same databases, sessions, settings and profile. */
export type BacktestServiceDeps = Pick<
  PreviewServiceDeps,
  'user' | 'general' | 'sessions' | 'settings' | 'activeProfileId'
>;

/**
 * `indices.backtest`: the index (or an unsaved basket) on the stored history. The membership of each
 * rebalance date is the snapshot of that date; prices and funding are the stored mark klines and
 * settlements; quantity steps and minimums are Bybit's instruments today. Nothing is sent.
 */
export class BacktestService {
  constructor(private readonly deps: BacktestServiceDeps) {}

  async backtest(request: ParsedBacktestRequest): Promise<BacktestResult> {
    const general = this.deps.general();
    const profileId = request.profileId ?? (await this.deps.activeProfileId());
    const index = request.indexId
      ? await findCatalogIndex(this.deps.user(), profileId, request.indexId)
      : null;
    const definition = index?.definition ?? request.basket!;
    const newest = await newestMarkDay(general);
    if (!newest || newest < request.from)
      throw new SynthexError(
        'UNAVAILABLE',
        newest
          ? `The market history stored ends on ${newest}, before ${request.from}. Pick an earlier start.`
          : 'No market history is stored yet: the poller fetches it after the universe refresh (see Universe).',
      );
    const notes: Message[] = [];
    const to = request.to > newest ? newest : request.to;
    if (to !== request.to)
      notes.push({
        code: 'ENDS_EARLIER',
        message: `The history stored ends on ${newest} (the last closed day fetched): the backtest stops there.`,
      });
    const snapshots = await readSnapshots(general, definition, request.from, to);
    if (snapshots.length === 0)
      throw new SynthexError(
        'UNAVAILABLE',
        `There is no universe snapshot on or before ${to} to take members from.`,
      );
    const symbols = [...new Set([...symbolsOf(definition, snapshots), benchmarkSymbol])];
    const [history, filters] = await Promise.all([
      readHistory(general, symbols, request.from, to),
      this.filters(),
    ]);
    const result = runBacktest({
      indexId: index?.id ?? null,
      indexName: index?.name ?? describeDefinition(definition),
      definition,
      usdtSize: request.usdtSize,
      direction: request.direction,
      leverage: request.leverage,
      from: request.from,
      to,
      rebalance: request.rebalance,
      feesBps: request.feesBps ?? defaultFeesBps,
      maxSlippagePercent: this.deps.settings.view().settings.maxSlippagePercent,
      data: { ...history, filters, snapshots },
    });
    return { ...result, notes: [...notes, ...result.notes] };
  }

  /** Bybit's order filters of every linear instrument today (cached by the gateway). */
  private async filters(): Promise<Map<string, InstrumentFilters>> {
    const gateway = this.deps.sessions.market(exchangeEndpoints(this.deps.settings.view().settings));
    try {
      const instruments = await gateway.getInstruments();
      return new Map(
        instruments.map((i) => [
          i.symbol,
          {
            qtyStep: i.qtyStep,
            minOrderQty: i.minOrderQty,
            maxMktOrderQty: i.maxMktOrderQty,
            maxLeverage: i.maxLeverage,
            minNotionalValue: i.minNotionalValue,
          },
        ]),
      );
    } catch (error) {
      throw asContractError(
        error,
        'Synthex could not read Bybit’s instruments (their steps size each rebalance)',
      );
    }
  }
}
