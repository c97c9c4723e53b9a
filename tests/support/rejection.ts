import { expect } from 'vitest';
import { SynthexError } from '../../shared/contract';

/** The typed error a call was refused with; fails the test when the call succeeded or threw something else. */
export async function rejection(action: Promise<unknown>): Promise<SynthexError> {
  const error = await action.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SynthexError);
  return error as SynthexError;
}
