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
import { audit, newTally, prepareApp, rng, sleep, tallyProblems, until } from './kill-harness';

/**
 * SIGKILL around a basket stop (docs/risk.md "Execution"): each run opens a position whose stop-loss the next
 * price drop crosses and one whose rules it does not touch, drops the prices, and kills the real headless
 * process (alone or with its Postgres) at a random moment after: before the decision, between the decision
 * and the close, or in the middle of the close. After each restart the triggered position ends CLOSED with
 * one decision, the untouched ones keep their rules, and in the end nothing reached the wire twice.
 */
const runs = Number(process.env.SYNTHEX_RISK_KILL_RUNS ?? 20);
const stop: RiskRules = { stopLoss: { percent: '-2' } };
const untouched: RiskRules = { takeProfit: { percent: '50' } };

describe('killed around a risk trigger', () => {
  it(
    'every triggered position ends CLOSED once, every untriggered one keeps its rules, no order is sent twice',
    async () => {
      const seed = Number(process.env.SYNTHEX_KILL_SEED ?? 20261204);
      const random = rng(seed);
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
          // Every coin 4 % under the triggered position's entry: its basket is at about −4 %, past −2 %.
          const { components } = await c.invoke('positions.get', { id: triggered });
          for (const leg of components) {
            const price = await onTick(sim, leg.symbol, new Dec(leg.averageEntryPrice!).mul('0.96'));
            sim.control.setPrice(leg.symbol, price.toFixed());
          }
          sim.control.publishTickers();
          const delay = Math.floor(random() * 800);
          await sleep(delay);
          const group = random() < 0.5;
          const before = (await c.invoke('risk.get', { positionId: triggered }).catch(() => null))?.triggers;
          running.client?.close();
          await running.app!.kill(group);
          tally.kills[group ? 'group' : 'app'] += 1;
          c = await start();
          // A kill before the decision was committed: the rules decide again on the next live prices.
          const closed = await until(
            `position ${triggered} CLOSED`,
            async () => {
              sim.control.publishTickers();
              return (await status(c, triggered)) === 'CLOSED' ? true : null;
            },
            120_000,
          );
          const view = await c.invoke('risk.get', { positionId: triggered });
          log.push(
            `run ${run}: SIGKILL ${group ? 'group' : 'app'} after ${delay} ms, ${before?.[0]?.state ?? 'no decision'} → ${closed && view.triggers.map((t) => `${t.rule}:${t.state}`).join(',')}`,
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
        expect(tallyProblems(tally), `${log.join('\n')}\n${JSON.stringify(tally)}`).toEqual([]);
        expect(tally.kills.app + tally.kills.group).toBe(runs);
        expect(tally.trades).toBe(tally.executions);
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
