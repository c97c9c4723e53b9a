import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import type { RiskRules } from '../../shared/domain/risk';
import { onTick } from '../risk/risk-helpers';
import { startSimulator } from '../sim';
import {
  connectContract,
  startAppProcess,
  type AppProcess,
  type ContractClient,
} from '../support/headless-process';
import { simEnv } from '../support/sim-core';
import { waitFor } from '../support/wait-for';
import { expectCleanTally } from './kill-checks';
import { audit, newTally, prepareApp, until } from './kill-harness';

/**
 * SIGKILL around a basket stop (docs/risk.md "Execution"): each run opens a position whose stop-loss the next
 * price drop crosses and one whose rules it does not touch, drops the prices, and kills the real headless
 * process (alone or with its Postgres) at one of three moments, each defined by an event rather than a delay:
 * at the drop (before the decision), as soon as the decision is committed (`risk.triggered`, before the
 * close), or as soon as the first close order reaches the simulator (in the middle of the close). Runs cycle
 * through the moments and the two kinds of kill, so 20 runs cover every pair at least three times. After each
 * restart the triggered position ends CLOSED with one decision, the untouched ones keep their rules, and in
 * the end nothing reached the wire twice.
 */
const runs = Number(process.env.SYNTHEX_RISK_KILL_RUNS ?? 20);
const moments = ['at the drop', 'decision committed', 'close order on the wire'] as const;
type KillMoment = (typeof moments)[number];
const stop: RiskRules = { stopLoss: { percent: '-2' } };
const untouched: RiskRules = { takeProfit: { percent: '50' } };

describe('killed around a risk trigger', () => {
  it(
    'every triggered position ends CLOSED once, every untriggered one keeps its rules, no order is sent twice',
    async () => {
      const seed = Number(process.env.SYNTHEX_KILL_SEED ?? 20261204);
      const sim = await startSimulator({ seed });
      sim.control.setLatency(40);
      const dataDir = mkdtempSync(join(tmpdir(), 'synthex-kill-risk-'));
      chmodSync(dataDir, 0o755); // the embedded postgres runs as the postgres user when we are root
      const env = simEnv(sim);
      const key = sim.control.createKey({ balanceUsdt: '10000000' });
      const tally = newTally(runs);
      const log: string[] = [];
      const running: { app: AppProcess | null; client: ContractClient | null } = { app: null, client: null };
      const start = async () => {
        running.app = await startAppProcess(dataDir, env);
        running.client = await connectContract(running.app.url);
        return running.client;
      };
      const status = async (c: ContractClient, id: number) =>
        (await c.invoke('positions.get', { id })).position.status;
      const open = async (c: ContractClient, usdtSize: string, risk: RiskRules) => {
        const { position } = await c.invoke('positions.open', {
          requestId: randomUUID(),
          indexId: 'top5-equal',
          usdtSize,
          direction: 'long',
          risk,
        });
        return until(
          `position ${position.id} ACTIVE`,
          async () => ((await status(c, position.id)) === 'ACTIVE' ? position.id : null),
          120_000,
        );
      };
      try {
        let c = await start();
        await prepareApp(c, sim, key);
        const keeping: number[] = [];
        for (let run = 1; run <= runs; run += 1) {
          const triggered = await open(c, '2000', stop);
          keeping.push(await open(c, '1500', untouched));
          const moment: KillMoment = moments[(run - 1) % moments.length]!;
          const group = Math.floor((run - 1) / moments.length) % 2 === 1;
          let decided = false;
          c.on('risk.triggered', (payload) => {
            if ((payload as { positionId: number }).positionId === triggered) decided = true;
          });
          const ordersBefore = sim.control.ledger().orders.length;
          // Every coin 4 % under the triggered position's entry: its basket is at about −4 %, past −2 %.
          const { components } = await c.invoke('positions.get', { id: triggered });
          for (const leg of components) {
            const price = await onTick(sim, leg.symbol, new Dec(leg.averageEntryPrice!).mul('0.96'));
            sim.control.setPrice(leg.symbol, price.toFixed());
          }
          sim.control.publishTickers();
          if (moment === 'decision committed')
            await waitFor(() => decided, { timeoutMs: 120_000, intervalMs: 5 });
          // Only the triggered position's close trades after the drop.
          if (moment === 'close order on the wire')
            await waitFor(() => sim.control.ledger().orders.length > ordersBefore, {
              timeoutMs: 120_000,
              intervalMs: 5,
            });
          // Killed at once: no read in between moves the moment.
          running.client?.close();
          await running.app!.kill(group);
          tally.kills[group ? 'group' : 'app'] += 1;
          c = await start();
          // A kill before the decision was committed: the rules decide again on the next live prices.
          await until(
            `position ${triggered} CLOSED (run ${run}: SIGKILL ${group ? 'group' : 'app'} ${moment})`,
            async () => {
              sim.control.publishTickers();
              return (await status(c, triggered)) === 'CLOSED' ? true : null;
            },
            120_000,
          );
          // The decision ends ('done', with what the close cost) once the CLOSED update reaches the risk engine.
          const view = await until(
            `position ${triggered}'s decision ended`,
            async () => {
              const read = await c.invoke('risk.get', { positionId: triggered });
              return read.triggers.every((t) => t.state !== 'decided' && t.state !== 'handed') ? read : null;
            },
            60_000,
          );
          log.push(
            `run ${run}: SIGKILL ${group ? 'group' : 'app'} ${moment} → ${view.triggers.map((t) => `${t.rule}:${t.state}`).join(',')}`,
          );
          expect(
            view.triggers.map((t) => [t.rule, t.state]),
            log.join('\n'),
          ).toEqual([['stopLoss', 'done']]);
          for (const id of keeping) {
            expect(await status(c, id)).toBe('ACTIVE');
            expect((await c.invoke('risk.get', { positionId: id })).rules).toEqual(untouched);
          }
        }
        for (const id of keeping) await c.invoke('positions.close', { id });
        const final = await until(
          'every position CLOSED',
          async () => {
            const list = (await c.invoke('positions.list', {})).positions;
            return list.every((p) => p.status === 'CLOSED') ? list : null;
          },
          180_000,
        );
        await audit(c, final, sim, key.apiKey, tally);
        expectCleanTally(tally, log);
        expect(tally.kills.app + tally.kills.group).toBe(runs);
      } finally {
        running.client?.close();
        await running.app?.stop();
        await sim.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    30 * 60_000,
  );
});
