/** Helpers for position tests: waiting for a status, and comparing the simulator's books with ours. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { Dec } from '../../shared/decimal';
import type { Position, PositionDetail, PositionStatus } from '../../shared/domain/positions';
import type { Simulator } from '../sim';
import type { TestCore } from '../support/core-harness';
import { waitFor } from '../support/wait-for';

export async function openPosition(
  app: TestCore,
  request: Partial<Parameters<TestCore['invoke']>[1]> & Record<string, unknown> = {},
): Promise<Position> {
  const { position } = (await app.invoke('positions.open', {
    requestId: randomUUID(),
    indexId: 'top10-equal',
    usdtSize: '1000',
    direction: 'long',
    ...request,
  } as never)) as { position: Position };
  return position;
}

export async function waitForStatus(
  app: TestCore,
  id: number,
  statuses: PositionStatus[],
  timeoutMs = 60_000,
): Promise<PositionDetail> {
  let last: PositionDetail | null = null;
  const detail = await waitFor(
    async () => {
      last = await app.invoke('positions.get', { id });
      return statuses.includes(last.position.status) ? last : null;
    },
    { timeoutMs, intervalMs: 100 },
  ).catch((error: unknown) => {
    throw last ? new Error(`position ${id} never reached ${statuses.join(' or ')}: ${where(last)}`) : error;
  });
  return detail!;
}

/** Where a position stands, in a failure's message: its status and reason, its legs, its last events. */
function where({ position, components, events }: PositionDetail): string {
  const legs = components.map((c) => `${c.symbol} ${c.heldQuantity}/${c.expectedQuantity}`).join(', ');
  const lately = events.slice(-6).map((e) => `${e.kind}: ${e.message}`);
  return [
    `${position.status}${position.failureReason ? ` (${position.failureReason})` : ''}`,
    `legs held/expected: ${legs}`,
    ...lately.map((line) => `  ${line}`),
  ].join('\n');
}

/** Closes the position over the contract and waits for it to be CLOSED. */
export async function closePosition(app: TestCore, id: number): Promise<PositionDetail> {
  await app.invoke('positions.close', { id });
  return waitForStatus(app, id, ['CLOSED']);
}

/** The simulator account's signed net per symbol (one-way and hedge rows summed), over the key's REST. */
export function simNets(sim: Simulator, apiKey: string): Map<string, Dec> {
  const ledger = sim.control.ledger();
  const uid = ledgerKeyUid(sim, apiKey);
  const nets = new Map<string, Dec>();
  for (const execution of ledger.executions) {
    if (execution.uid !== uid) continue;
    const signed = execution.side === 'Buy' ? new Dec(execution.execQty) : new Dec(execution.execQty).neg();
    nets.set(execution.symbol, (nets.get(execution.symbol) ?? new Dec(0)).plus(signed));
  }
  return nets;
}

function ledgerKeyUid(sim: Simulator, apiKey: string): string | undefined {
  const sent = sim.control.wireSends().find((s) => s.apiKey === apiKey);
  const order = sent && sim.control.ledger().orders.find((o) => o.orderLinkId === sent.orderLinkId);
  return order?.uid;
}

/**
 * Every simulator execution of the account appears exactly once in `trades` (matched by execId), and no
 * trade exists that the simulator did not execute.
 */
export async function expectLedgerMatchesTrades(
  app: TestCore,
  sim: Simulator,
  apiKey: string,
): Promise<void> {
  const uid = ledgerKeyUid(sim, apiKey);
  expect(uid, 'the account sent orders').toBeDefined();
  const executions = sim.control.ledger().executions.filter((e) => e.uid === uid);
  const ids = new Set(executions.map((e) => e.execId));
  // Trades of this account's orders: their orderLinkIds reached the wire with this key.
  const links = new Set(
    sim.control
      .wireSends()
      .filter((s) => s.apiKey === apiKey)
      .map((s) => s.orderLinkId),
  );
  const rows = (
    await app.databases().user.selectFrom('trades').select(['exec_id', 'order_link_id']).execute()
  ).filter((row) => ids.has(row.exec_id) || (row.order_link_id !== null && links.has(row.order_link_id)));
  const stored = new Map<string, number>();
  for (const row of rows) stored.set(row.exec_id, (stored.get(row.exec_id) ?? 0) + 1);
  for (const execution of executions) expect(stored.get(execution.execId), execution.execId).toBe(1);
  expect(rows.length).toBe(executions.length);
}

/**
 * No order was sent again after Bybit had booked it: the duplicates 110072 would hide. A send again after a
 * refusal that booked nothing (10006, a fault answered before processing) is a retry, and allowed.
 */
export function expectNoDuplicateSends(sim: Simulator): void {
  const sends = new Map<string, { at: number; booked: boolean }[]>();
  for (const send of sim.control.wireSends())
    sends.set(send.orderLinkId, [
      ...(sends.get(send.orderLinkId) ?? []),
      { at: send.at, booked: send.booked },
    ]);
  const duplicates = [...sends]
    .filter(([, list]) => {
      const booked = list.findIndex((send) => send.booked);
      return booked >= 0 && booked < list.length - 1;
    })
    .map(([id, list]) => `${id}: ${list.map((send) => (send.booked ? 'booked' : 'refused')).join(', ')}`);
  expect(duplicates).toEqual([]);
}

/** The books agree after a run: every fill stored exactly once, and no order sent again after Bybit booked it. */
export async function expectBooksAgree(app: TestCore, sim: Simulator, apiKey: string): Promise<void> {
  await expectLedgerMatchesTrades(app, sim, apiKey);
  expectNoDuplicateSends(sim);
}

/** Another profile with its own funded simulator account (its own nets and orders). */
export async function newTrader(
  app: TestCore,
  sim: Simulator,
  name: string,
  balanceUsdt = '1000000',
): Promise<{ profileId: number; key: { apiKey: string; apiSecret: string } }> {
  const profile = await app.invoke('profiles.create', { name });
  const key = sim.control.createKey({ balanceUsdt });
  await app.invoke('credentials.set', {
    profileId: profile.id,
    environment: 'custom',
    customRestUrl: sim.rest,
    customWsUrl: sim.ws,
    ...key,
  });
  return { profileId: profile.id, key };
}
