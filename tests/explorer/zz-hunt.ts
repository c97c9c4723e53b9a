import { appendFileSync } from 'node:fs';
import { startTestCluster } from '../db/db-test-helpers';
import { explore } from './explorer';
import { describeTally } from './trace';

async function main() {
  const [from, to, steps, conc, out] = process.argv.slice(2);
  const cluster = await startTestCluster();
  const queue: number[] = [];
  for (let s = Number(from); s <= Number(to); s++) queue.push(s);
  const worker = async () => {
    for (;;) {
      const seed = queue.shift();
      if (seed === undefined) return;
      try {
        const r = await explore({ seed, steps: Number(steps), keepGoing: process.env.KEEP === '1', cluster });
        const lines = [
          `=== seed ${seed}`,
          describeTally(r.tally),
          ...r.findings.map(
            (f) =>
              `  [${f.step}] ${f.violation.invariant} ${f.violation.key} :: ${f.violation.message.slice(0, 400)}`,
          ),
        ];
        appendFileSync(out!, lines.join('\n') + '\n');
        for (const f of r.findings) {
          if (!/\|repair$/.test(f.violation.key)) continue;
          const others = [...f.violation.message.matchAll(/position (\d+) -?[\d.]+/g)].map((m) => m[1]);
          const recent = others.filter((id) => f.trace.some((l) => l.includes(`is position ${id})`)));
          if (recent.length === 0) continue;
          appendFileSync(
            out!,
            `RACE1? seed ${seed} step ${f.step}: ${f.violation.message}\n${f.trace.join('\n')}\n`,
          );
        }
      } catch (e) {
        appendFileSync(out!, `=== seed ${seed} crashed: ${(e as Error).stack}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Number(conc) }, worker));
  await cluster.close();
}
void main();
