/**
 * Seeds on which the explorer found a violation, each kept as a test (found-seeds.test.ts) that replays it
 * and expects none: it fails until the bug is fixed, then guards against its return (docs/explorer.md).
 */
export interface FoundSeed {
  seed: number;
  /** Steps to replay: the violation's step and a little more. */
  steps: number;
  invariant: string;
  /** What it found, in words. */
  finds: string;
}

export const foundSeeds: FoundSeed[] = [];
