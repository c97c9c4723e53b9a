import { afterAll, beforeAll } from 'vitest';

/**
 * A resource for one whole test file: `start`ed in the file's beforeAll and `stop`ped in its afterAll (with
 * `undefined` when it never started). The returned object stands for the started resource, so the file
 * uses it by name as if it held it; reading it before the beforeAll has run throws.
 */
export function fileFixture<T extends object>(
  start: () => Promise<T>,
  stop: (value: T | undefined) => Promise<void>,
  timeoutMs?: number,
): T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await start();
  }, timeoutMs);
  afterAll(() => stop(value));
  const started = (): T => {
    if (value === undefined) throw new Error('fileFixture: read before the beforeAll that starts it');
    return value;
  };
  return new Proxy({} as T, {
    get(_, field) {
      const target = started();
      const got: unknown = Reflect.get(target, field);
      return typeof got === 'function' ? (got as (...args: unknown[]) => unknown).bind(target) : got;
    },
    set: (_, field, to: unknown) => Reflect.set(started(), field, to),
    has: (_, field) => Reflect.has(started(), field),
    ownKeys: () => Reflect.ownKeys(started()),
    getOwnPropertyDescriptor: (_, field) => Reflect.getOwnPropertyDescriptor(started(), field),
  });
}
