/**
 * Seeds on which the explorer found a violation, each kept as a test (found-seeds.walk.ts, `npm run test:explorer`) that replays it
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

export const foundSeeds: FoundSeed[] = [
  {
    seed: 20,
    steps: 110,
    invariant: 'I3',
    finds:
      "the review's race 1, on the code before one queue per account: position 11's repair, clicked while " +
      'two short baskets opened on the same coins (step 87), bought ETHUSDT back that their fresh fills had ' +
      'sold (the account went from 0.01 to 0.05 where 0.03 was expected)',
  },
  {
    seed: 5000,
    steps: 210,
    invariant: 'I4',
    finds:
      'an open that met a delisting mid-flight resent its HBARUSDT leg seven times, 25 s each (110074 was ' +
      'looked up as an unknown outcome); and two netted positions on a delivered coin each waited on the ' +
      "other's leg for a delivery that had nothing left to deliver",
  },
];
