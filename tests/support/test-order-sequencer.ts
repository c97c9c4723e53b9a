import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Four workers share the run; the whole run is done when its last file is. Longest first, then: the kill
 * tests (each restarts the app again and again for one to two minutes), then the integration tests (real
 * processes, Postgres, the simulator), then the many short files, which fill the cores while the long ones
 * finish. Vitest orders by the durations it cached last time, but a fresh clone (CI) has none and falls back
 * to file size, which would put the short-to-read, long-to-run kill tests last: one core idle for minutes.
 * (The walks run after vitest, so the kill tests no longer meet them.)
 */
export class TestOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      if (spec.moduleId.includes('/tests/soak/')) return 0;
      if (spec.moduleId.endsWith('.integration.test.ts')) return 1;
      return 2;
    };
    return sorted
      .map((spec, index) => ({ spec, index }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.index - b.index)
      .map(({ spec }) => spec);
  }
}
