import { Dec } from '../../../shared/decimal';
import type { PnlLeg, PnlPosition, PnlTick } from '../../../shared/domain/pnl';

/** What the book needs of one ACTIVE position; built from its trades (pnl-inputs.ts). */
export interface PnlPositionInput {
  id: number;
  name: string;
  usdtSize: Dec;
  isAltered: boolean;
  /** Legs with a non-zero holding: signed quantity and average entry. */
  legs: readonly { symbol: string; quantity: Dec; averageEntry: Dec }[];
  /** Every trading fee the position's fills paid so far. */
  fees: Dec;
  /** Funding paid (positive) or received (negative) so far. */
  funding: Dec;
  /** Gains and losses of the quantity already reduced (partial closes), before fees. */
  realized: Dec;
  /** When it first held every leg (ms); funding settled before then is not its own. */
  openedAt?: number | null;
}

interface LegSlot {
  position: PositionSlot;
  symbol: SymbolSlot;
  quantity: Dec;
  averageEntry: Dec;
  /** quantity × (mark − entry) at the mark last folded in; zero before the first mark. */
  unrealized: Dec;
}

interface PositionSlot {
  input: PnlPositionInput;
  legs: LegSlot[];
  /** Σ legs' unrealized, kept up to date leg by leg (never re-summed over all legs). */
  legSum: Dec;
  /** The wire view, rebuilt only when something of this position changed. */
  view: PnlPosition | null;
}

interface SymbolSlot {
  symbol: string;
  /** The mark folded into the legs, and the newest one received (folded at the next `fold`). */
  mark: Dec | null;
  pending: string | null;
  /** Local ms of the newest tick; null before the first. */
  lastTickAt: number | null;
  legs: LegSlot[];
}

const zero = new Dec(0);
const places = 8;
const text = (value: Dec) => value.toDecimalPlaces(places).toFixed();
const percentOf = (value: Dec, size: Dec) =>
  size.isZero() ? '0' : value.div(size).mul(100).toDecimalPlaces(4).toFixed();

/**
 * The live PnL of the ACTIVE positions, in exact decimals. A tick only records the symbol's newest mark
 * (O(1), so a storm of ticks costs almost nothing); `fold` then moves each leg of each symbol that ticked
 * once, to its newest mark, adjusting its position's sum by the leg's change: O(legs of the symbols that
 * ticked), never O(all positions). Folding happens as often as figures are published (≤ 4 a second).
 */
export class PnlBook {
  private readonly symbols = new Map<string, SymbolSlot>();
  private readonly positions = new Map<number, PositionSlot>();
  private readonly ticked = new Set<SymbolSlot>();

  /** Adds or replaces a position (after a fill, or when it became ACTIVE). */
  setPosition(input: PnlPositionInput): void {
    // The symbols' marks survive a replacement (a fill, funding): only symbols left unheld are dropped.
    const previous = this.detach(input.id);
    const position: PositionSlot = { input, legs: [], legSum: zero, view: null };
    for (const leg of input.legs) {
      if (leg.quantity.isZero()) continue;
      const symbol = this.symbolSlot(leg.symbol);
      const slot: LegSlot = {
        position,
        symbol,
        quantity: leg.quantity,
        averageEntry: leg.averageEntry,
        unrealized: zero,
      };
      if (symbol.mark) {
        slot.unrealized = leg.quantity.mul(symbol.mark.minus(leg.averageEntry));
        position.legSum = position.legSum.plus(slot.unrealized);
      }
      symbol.legs.push(slot);
      position.legs.push(slot);
    }
    this.positions.set(input.id, position);
    this.dropUnheld(previous);
  }

  removePosition(id: number): void {
    this.dropUnheld(this.detach(id));
  }

  /** Takes the position's legs off their symbols; returns those symbols. */
  private detach(id: number): SymbolSlot[] {
    const position = this.positions.get(id);
    if (!position) return [];
    this.positions.delete(id);
    for (const leg of position.legs)
      leg.symbol.legs = leg.symbol.legs.filter((candidate) => candidate !== leg);
    return position.legs.map((leg) => leg.symbol);
  }

  private dropUnheld(symbols: readonly SymbolSlot[]): void {
    for (const symbol of symbols) {
      if (symbol.legs.length > 0) continue;
      this.symbols.delete(symbol.symbol);
      this.ticked.delete(symbol);
    }
  }

  has(id: number): boolean {
    return this.positions.has(id);
  }

  positionIds(): number[] {
    return [...this.positions.keys()];
  }

  /** The symbols some position holds: what the ticker subscriptions must cover. */
  heldSymbols(): string[] {
    return [...this.symbols.keys()];
  }

  /** Who held the symbol at `at` (ms), and how much (signed): for sharing out a funding settlement. */
  holders(symbol: string, at = Number.POSITIVE_INFINITY): { positionId: number; quantity: Dec }[] {
    return (this.symbols.get(symbol)?.legs ?? [])
      .filter((leg) => (leg.position.input.openedAt ?? 0) <= at)
      .map((leg) => ({ positionId: leg.position.input.id, quantity: leg.quantity }));
  }

  /** The earliest time an ACTIVE position opened (ms), or null when none is held. */
  earliestOpening(): number | null {
    let earliest: number | null = null;
    for (const { input } of this.positions.values())
      if (input.openedAt != null && (earliest === null || input.openedAt < earliest))
        earliest = input.openedAt;
    return earliest;
  }

  /** Records a mark price; returns false for a symbol no position holds (or an unusable mark). */
  tick(symbol: string, markPrice: string, at: number): boolean {
    const slot = this.symbols.get(symbol);
    if (!slot || markPrice === '') return false;
    slot.pending = markPrice;
    slot.lastTickAt = at;
    this.ticked.add(slot);
    return true;
  }

  /** Moves every leg of the symbols that ticked since the last fold to the newest mark. */
  fold(): void {
    for (const symbol of this.ticked) {
      const pending = symbol.pending;
      symbol.pending = null;
      if (pending === null) continue;
      const mark = safeDecimal(pending);
      if (!mark || (symbol.mark && mark.eq(symbol.mark))) continue;
      symbol.mark = mark;
      for (const leg of symbol.legs) {
        const next = leg.quantity.mul(mark.minus(leg.averageEntry));
        leg.position.legSum = leg.position.legSum.plus(next.minus(leg.unrealized));
        leg.unrealized = next;
        leg.position.view = null;
      }
    }
    this.ticked.clear();
  }

  /** Symbols whose newest tick is older than `staleAfterMs` (or that never ticked). */
  staleSymbols(now: number, staleAfterMs: number): string[] {
    const stale: string[] = [];
    for (const slot of this.symbols.values()) if (isStale(slot, now, staleAfterMs)) stale.push(slot.symbol);
    return stale;
  }

  /**
   * The basket's whole PnL, as the risk rules read it: Σ legs + realised − fees − funding (null for a
   * position not in the book). O(1): the legs' sum is kept up to date by `fold`.
   */
  basketPnl(id: number): Dec | null {
    const position = this.positions.get(id);
    return position ? netOf(position).plus(position.input.realized) : null;
  }

  /** True when any leg of the position has no live mark (no tick for `staleAfterMs`, or none yet). */
  positionStale(id: number, now: number, staleAfterMs: number): boolean {
    const position = this.positions.get(id);
    if (!position) return true;
    for (const leg of position.legs) if (isStale(leg.symbol, now, staleAfterMs)) return true;
    return false;
  }

  /** The position's legs with the mark folded in (null before the first): for price levels and weights. */
  legMarks(id: number): { symbol: string; quantity: Dec; averageEntry: Dec; mark: Dec | null }[] {
    return (this.positions.get(id)?.legs ?? []).map((leg) => ({
      symbol: leg.symbol.symbol,
      quantity: leg.quantity,
      averageEntry: leg.averageEntry,
      mark: leg.symbol.mark,
    }));
  }

  /** Unrealised PnL of one position: Σ legs − fees − funding. */
  unrealized(id: number): Dec | null {
    const position = this.positions.get(id);
    return position ? netOf(position) : null;
  }

  /** The figures as `pnl.tick` carries them; call `fold` first for the newest marks. */
  snapshot(now: number, staleAfterMs: number, options: { legs?: boolean } = {}): PnlTick {
    let unrealized = zero;
    let realized = zero;
    let size = zero;
    let anyStale = false;
    const positions: PnlPosition[] = [];
    for (const position of this.positions.values()) {
      const stale = position.legs.some((leg) => isStale(leg.symbol, now, staleAfterMs));
      if (!position.view || position.view.stale !== stale) position.view = viewOf(position, stale);
      positions.push(
        options.legs === false
          ? position.view
          : { ...position.view, legs: legViews(position, now, staleAfterMs) },
      );
      unrealized = unrealized.plus(netOf(position));
      realized = realized.plus(position.input.realized);
      size = size.plus(position.input.usdtSize);
      anyStale ||= stale;
    }
    return {
      at: new Date(now).toISOString(),
      total: {
        unrealizedPnl: text(unrealized),
        realizedPnl: text(realized),
        percent: percentOf(unrealized, size),
        stale: anyStale,
      },
      positions,
    };
  }

  private symbolSlot(symbol: string): SymbolSlot {
    let slot = this.symbols.get(symbol);
    if (!slot) {
      slot = { symbol, mark: null, pending: null, lastTickAt: null, legs: [] };
      this.symbols.set(symbol, slot);
    }
    return slot;
  }
}

function legViews(position: PositionSlot, now: number, staleAfterMs: number): PnlLeg[] {
  return position.legs.map((leg) => ({
    symbol: leg.symbol.symbol,
    quantity: leg.quantity.toFixed(),
    averageEntry: text(leg.averageEntry),
    markPrice: leg.symbol.mark?.toFixed() ?? null,
    unrealizedPnl: text(leg.unrealized),
    stale: isStale(leg.symbol, now, staleAfterMs),
  }));
}

function netOf(position: PositionSlot): Dec {
  return position.legSum.minus(position.input.fees).minus(position.input.funding);
}

function isStale(slot: SymbolSlot, now: number, staleAfterMs: number): boolean {
  return slot.lastTickAt === null || slot.mark === null || now - slot.lastTickAt > staleAfterMs;
}

function viewOf(position: PositionSlot, stale: boolean): PnlPosition {
  const { input } = position;
  const net = netOf(position);
  return {
    id: input.id,
    name: input.name,
    unrealizedPnl: text(net),
    realizedPnl: text(input.realized),
    percent: percentOf(net, input.usdtSize),
    usdtSize: input.usdtSize.toFixed(),
    feesPaid: text(input.fees),
    fundingPaid: text(input.funding),
    isAltered: input.isAltered,
    stale,
  };
}

/** A mark that is not a plain positive decimal is ignored (the figure then turns stale, never wrong). */
function safeDecimal(value: string): Dec | null {
  if (!/^\d+(\.\d+)?$/.test(value)) return null;
  const mark = new Dec(value);
  return mark.isZero() ? null : mark;
}
