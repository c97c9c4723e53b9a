import { inspect } from 'node:util';
import { expect } from 'vitest';

/** Runs `action`, expects it to throw, and checks no rendering of the thrown value contains a secret. */
export async function thrownWithoutSecrets(
  action: () => unknown,
  secrets: Array<string | Buffer>,
): Promise<unknown> {
  let thrown: unknown = undefined;
  try {
    await action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected the action to throw').toBeDefined();
  const renderings = [
    JSON.stringify(thrown),
    String(thrown),
    inspect(thrown, { depth: 10, showHidden: true }),
    thrown instanceof Error ? (thrown.stack ?? '') : '',
  ];
  for (const secret of secrets) {
    const forms = Buffer.isBuffer(secret) ? [secret.toString('base64'), secret.toString('hex')] : [secret];
    for (const form of forms) for (const text of renderings) expect(text).not.toContain(form);
  }
  return thrown;
}
