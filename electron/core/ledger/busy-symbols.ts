/**
 * Symbols on which Synthex has orders on their way for an account, counted in memory by the order runner
 * (from before an order is written until its fills are stored). Reconciliation skips Bybit's position
 * pushes for these, which are Synthex's own fills arriving, and compares the account once they are idle.
 */
export class BusySymbols {
  private readonly counts = new Map<string, number>();
  private readonly idleListeners = new Set<() => void>();

  add(symbols: readonly string[]): void {
    for (const symbol of symbols) this.counts.set(symbol, (this.counts.get(symbol) ?? 0) + 1);
  }

  done(symbols: readonly string[]): void {
    let freed = false;
    for (const symbol of symbols) {
      const left = (this.counts.get(symbol) ?? 1) - 1;
      if (left > 0) this.counts.set(symbol, left);
      else {
        this.counts.delete(symbol);
        freed = true;
      }
    }
    if (freed) for (const listener of this.idleListeners) listener();
  }

  has(symbol: string): boolean {
    return this.counts.has(symbol);
  }

  /** Called whenever some symbol has no order on its way any more. */
  onIdle(listener: () => void): () => void {
    this.idleListeners.add(listener);
    return () => this.idleListeners.delete(listener);
  }
}
