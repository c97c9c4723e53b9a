import { Dec } from '../../../shared/decimal';
import type { AccountSummary } from '../../../shared/domain/account';
import type { Position, WalletBalance } from '../exchange';

interface RowState {
  row: Position;
  /** Local ms of the update that set it: a REST answer never overwrites a push that arrived after it was asked. */
  at: number;
  /** The row's numbers, parsed once when it arrives (a summary runs up to 4 times a second). */
  size: Dec;
  entry: Dec;
  im: Dec;
  mm: Dec;
  bybitMark: Dec | null;
}

interface WalletState {
  accountType: string;
  walletBalance: Dec;
  /** Margin held by resting orders (the USDT coin's totalOrderIM): no position row carries it. */
  orderIM: Dec;
  at: number;
}

const zero = new Dec(0);
const text = (value: Dec, places = 8) => value.toDecimalPlaces(places).toFixed();
const rowKey = (row: Position) => `${row.symbol}:${row.positionIdx}`;

/**
 * One Bybit account's figures, folded from what Bybit says (wallet, position rows) and the newest mark of
 * each held symbol. Bybit pushes the wallet only when the balance moves (a fill, funding, a transfer), never
 * when prices do (docs/bybit-v5.md §5), so equity, margins and unrealised PnL are moved to the latest mark
 * here: unrealised = ±size × (mark − entry); IM and MM are proportional to the position's value at mark (the
 * first risk tier, fee to close included), so each row's Bybit figure is scaled by mark / the row's mark.
 */
export class AccountFigures {
  private readonly rows = new Map<string, RowState>();
  /** The newest mark text per held symbol: a tick only stores it, the summary parses it (≤ 4 a second). */
  private readonly marks = new Map<string, string>();
  private wallet: WalletState | null = null;
  /** The held symbols, rebuilt only when a row changes (a tick asks on every mark). */
  private heldCache: Set<string> | null = null;
  marginMode = '';
  live = false;
  updatedAt = 0;

  /** A REST read asked at `askedAt`: replaces what it covers unless a push arrived since. */
  seed(read: { wallet: WalletBalance; positions: readonly Position[]; marginMode: string }, askedAt: number) {
    this.marginMode = read.marginMode;
    // A push that arrived before the read was asked for is in its answer (same millisecond included).
    if (!this.wallet || this.wallet.at <= askedAt) this.setWallet(read.wallet, askedAt);
    const listed = new Set(read.positions.map(rowKey));
    for (const [key, state] of this.rows) if (!listed.has(key) && state.at <= askedAt) this.rows.delete(key);
    this.heldCache = null;
    for (const row of read.positions) this.setRow(row, askedAt);
    this.updatedAt = askedAt;
  }

  pushedWallet(wallet: WalletBalance, at: number): void {
    this.setWallet(wallet, at);
    this.updatedAt = at;
  }

  pushedPositions(rows: readonly Position[], at: number): void {
    for (const row of rows) this.setRow(row, at);
    this.updatedAt = at;
  }

  /** A ticker's mark; true when it is a held symbol's (its figures move). O(1): nothing is parsed here. */
  mark(symbol: string, markPrice: string, at: number): boolean {
    if (!this.heldSet().has(symbol)) return false;
    this.marks.set(symbol, markPrice);
    this.updatedAt = at;
    return true;
  }

  /** Symbols with an open row (what the ticker subscriptions follow). */
  held(): string[] {
    return [...this.heldSet()];
  }

  private heldSet(): Set<string> {
    if (!this.heldCache) {
      this.heldCache = new Set();
      for (const { row, size } of this.rows.values()) if (size.gt(0)) this.heldCache.add(row.symbol);
    }
    return this.heldCache;
  }

  /** Bybit's open rows as last seen (liqPrice, IM, MM on Bybit's own mark). */
  openRows(): Position[] {
    return [...this.rows.values()].filter((s) => s.size.gt(0)).map((s) => s.row);
  }

  /** The newest mark of a held symbol (ticker, else Bybit's row), or null when nothing is known. */
  markOf(symbol: string): Dec | null {
    const mark = this.marks.get(symbol);
    if (mark) return new Dec(mark);
    const row = this.openRows().find((r) => r.symbol === symbol && r.markPrice !== '');
    return row ? new Dec(row.markPrice) : null;
  }

  get seeded(): boolean {
    return this.wallet !== null;
  }

  summary(profileId: number): AccountSummary {
    let upl = zero;
    let positionIM = zero;
    let positionMM = zero;
    let open = 0;
    const modes = new Set<string>();
    const liquidation: {
      distance: Dec;
      symbol: string;
      side: 'Buy' | 'Sell';
      liqPrice: string;
      mark: Dec;
    }[] = [];
    const marks = new Map([...this.marks].map(([symbol, mark]) => [symbol, new Dec(mark)]));
    for (const { row, size, entry, im, mm, bybitMark } of this.rows.values()) {
      if (!size.gt(0)) continue;
      open += 1;
      modes.add(row.positionIdx === 0 ? 'one-way' : 'hedge');
      const mark = marks.get(row.symbol) ?? bybitMark ?? entry;
      const move = size.mul(mark.minus(entry));
      upl = upl.plus(row.side === 'Sell' ? move.neg() : move);
      const scale = bybitMark && bybitMark.gt(0) ? mark.div(bybitMark) : new Dec(1);
      if (row.liqPrice !== '' && mark.gt(0) && (row.side === 'Buy' || row.side === 'Sell')) {
        const distance = mark.minus(row.liqPrice).abs().div(mark).mul(100);
        liquidation.push({ distance, symbol: row.symbol, side: row.side, liqPrice: row.liqPrice, mark });
      }
      positionIM = positionIM.plus(im.mul(scale));
      positionMM = positionMM.plus(mm.mul(scale));
    }
    const walletBalance = this.wallet?.walletBalance ?? zero;
    const equity = walletBalance.plus(upl);
    const initialMargin = positionIM.plus(this.wallet?.orderIM ?? zero);
    const ratio = (part: Dec) => (equity.gt(0) ? part.div(equity) : part.isZero() ? zero : new Dec(1));
    return {
      profileId,
      accountType: this.wallet?.accountType ?? '',
      marginMode: this.marginMode,
      positionMode:
        modes.size === 0 ? 'none' : modes.size === 2 ? 'mixed' : ([...modes][0] as 'one-way' | 'hedge'),
      equity: text(equity),
      walletBalance: text(walletBalance),
      availableBalance: text(Dec.max(zero, equity.minus(initialMargin))),
      initialMargin: text(initialMargin),
      maintenanceMargin: text(positionMM),
      marginRatio: text(ratio(positionMM), 6),
      initialMarginRatio: text(ratio(initialMargin), 6),
      unrealizedPnl: text(upl),
      liquidation: liquidation
        .sort((a, b) => a.distance.cmp(b.distance))
        .map((l) => ({
          symbol: l.symbol,
          side: l.side,
          liqPrice: l.liqPrice,
          markPrice: l.mark.toFixed(),
          distancePercent: text(l.distance, 4),
        })),
      openPositions: open,
      live: this.live,
      updatedAt: new Date(this.updatedAt).toISOString(),
    };
  }

  private setWallet(wallet: WalletBalance, at: number): void {
    const usdt = wallet.coins.find((c) => c.coin === 'USDT');
    this.wallet = {
      accountType: wallet.accountType,
      walletBalance: new Dec(wallet.totalWalletBalance),
      orderIM: usdt ? new Dec(usdt.totalOrderIM) : zero,
      at,
    };
  }

  /** A row replaces what is known unless that is newer (a higher seq, or a push after this REST read). */
  private setRow(row: Position, at: number): void {
    const current = this.rows.get(rowKey(row));
    if (current) {
      const seq = row.seq ?? -1;
      const known = current.row.seq ?? -1;
      if (seq < known || (seq === known && current.at > at)) return;
    }
    this.rows.set(rowKey(row), {
      row,
      at,
      size: new Dec(row.size),
      entry: new Dec(row.avgPrice),
      im: new Dec(row.positionIM),
      mm: new Dec(row.positionMM),
      bybitMark: row.markPrice === '' ? null : new Dec(row.markPrice),
    });
    this.heldCache = null;
    if (!this.heldSet().has(row.symbol)) this.marks.delete(row.symbol);
  }
}
