/** The smoke test's report as plain text: what was sent, what filled, what it cost, how long it took. */
import type { SmokeReport } from './run-smoke';

const marginLabel = {
  REGULAR_MARGIN: 'cross margin',
  ISOLATED_MARGIN: 'isolated margin',
  PORTFOLIO_MARGIN: 'portfolio margin',
};

/** Mismatches over every round trip: the number the smoke test is judged by (it must be 0). */
export function mismatchCount(report: SmokeReport): number {
  return report.roundTrips.reduce((n, trip) => n + trip.comparison.mismatches.length, 0);
}

/** True when every round trip opened, reached ACTIVE, closed, and Bybit's fills match `trades`. */
export function passed(report: SmokeReport): boolean {
  return (
    mismatchCount(report) === 0 &&
    report.roundTrips.every((trip) => trip.status === 'CLOSED' && trip.closeMs !== null)
  );
}

export function formatReport(report: SmokeReport): string {
  const account = report.account
    ? `${report.account.accountType === 'UTA2' ? 'unified 2.0' : 'unified 1.0'}, ${marginLabel[report.account.marginMode]}`
    : 'not reported';
  const lines = [
    `Synthex smoke test on ${report.env}`,
    `  account: ${account}; equity ${report.equity ?? 'not readable'} USDT`,
    `  key check: ${report.keyCheckMs} ms; universe ready after ${report.universeMs} ms`,
    `  smallest Top 5 Bybit allows: ${report.minimumUsdt} USDT`,
    `  round trips: ${report.roundTrips.length}`,
  ];
  report.roundTrips.forEach((trip, i) => {
    lines.push(
      `  round trip ${i + 1}: position ${trip.positionId}, ${trip.usdtSize} USDT, ${trip.legs.length} legs, ${trip.status}`,
      `    legs: ${trip.legs.join(', ')}`,
      `    latency: open → ACTIVE ${trip.openMs} ms; close → CLOSED ${trip.closeMs === null ? '(not closed)' : `${trip.closeMs} ms`}`,
      `    orders: ${trip.orders.total} (filled ${trip.orders.filled}, cancelled ${trip.orders.cancelled}, rejected ${trip.orders.rejected}, unsettled ${trip.orders.unknown})`,
      `    fills: ${trip.fills} in trades, ${trip.comparison.matched} matching Bybit's execution list`,
      `    fees: ${trip.feesUsdt} USDT in trades, ${trip.bybitFeesUsdt} USDT on Bybit`,
      `    mismatches: ${trip.comparison.mismatches.length}`,
      ...trip.comparison.mismatches.map((m) => `      - ${m}`),
    );
    if (trip.failure) lines.push(`    note: ${trip.failure}`);
  });
  lines.push(
    `Mismatches between Bybit's execution list and trades: ${mismatchCount(report)}`,
    passed(report) ? 'PASSED' : 'FAILED',
  );
  return lines.join('\n');
}
