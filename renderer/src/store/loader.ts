import { asSynthexError, errorMessage } from '../forms/form-failure';

type Setter<S> = (partial: Partial<S> | ((state: S) => Partial<S>)) => void;
/** A store of one answer: the answer in `Field` (null until the first), its error in words, and `Load`. */
export type LoadedState<Field extends string, T, Load extends string = 'load'> = Record<Field, T | null> & {
  error: string | null;
} & Record<Load, () => Promise<void>>;

/** The state's fields an answer of type T fits in. */
type KeyFor<S, T> = { [K in keyof S]: T extends S[K] ? K : never }[keyof S];
/** The state's fields that hold a load's error in words. */
type ErrorKey<S> = { [K in keyof S]: null extends S[K] ? (string extends S[K] ? K : never) : never }[keyof S];

/**
 * The load every store writes: ask the core, keep the answer in the field `into` (or what `into` makes
 * of it) with the error field cleared; or put the error in words in that field (and `failed`, if given)
 * and keep what was shown. Only the newest request writes: a slower, older answer (another profile's, say) never overwrites a
 * newer one. `describe` words the error (errorMessage by default).
 */
export function loader<S, T>(
  set: Setter<S>,
  errorKey: ErrorKey<S>,
  into: KeyFor<S, T> | ((answer: T, state: S) => Partial<S>),
  ask: () => Promise<T>,
  { failed = {}, describe = errorMessage }: { failed?: Partial<S>; describe?(error: unknown): string } = {},
): () => Promise<void> {
  const apply = typeof into === 'function' ? into : (answer: T) => ({ [into]: answer }) as Partial<S>;
  let newest = 0;
  return async () => {
    const id = ++newest;
    try {
      const answer = await ask();
      if (id === newest) set((state) => ({ ...apply(answer, state), [errorKey]: null }));
    } catch (error) {
      if (id === newest) set({ ...failed, [errorKey]: describe(error) } as Partial<S>);
    }
  };
}

/** A call whose failure the caller shows at its fields: whatever it throws comes out as the typed error. */
export async function typed<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw asSynthexError(error);
  }
}
