import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Two workers share the run; a long file started last leaves one of them idle while it finishes. Vitest
 * orders by the durations it cached last time, but a fresh clone (CI) has none and falls back to file
 * size, which puts the short-to-read, long-to-run kill tests last. So: the kill tests first, then the
 * integration tests (real processes, Postgres, the simulator), then the rest, each group in Vitest's order.
 */
export class SlowFirstSequencer extends BaseSequencer {
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
