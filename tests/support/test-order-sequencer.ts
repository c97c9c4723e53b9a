import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Four workers share the run. Vitest orders by the durations it cached last time, but a fresh clone (CI) has
 * none and falls back to file size. So: the integration tests (real processes, Postgres, the simulator)
 * first, then the rest, then the kill tests, each group in Vitest's order. The kill tests restart the app
 * again and again and need the cores most: run first beside other heavy work they took four times as long
 * (491 s for kill-risk against 117 s alone).
 */
export class TestOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      if (spec.moduleId.endsWith('.integration.test.ts')) return 0;
      if (spec.moduleId.includes('/tests/soak/')) return 2;
      return 1;
    };
    return sorted
      .map((spec, index) => ({ spec, index }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.index - b.index)
      .map(({ spec }) => spec);
  }
}
