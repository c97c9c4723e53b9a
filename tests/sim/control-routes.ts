import type { z } from 'zod';

/** `POST /__sim/<name>` routes of one part of the control API: the name → a call with the raw JSON body. */
export type ControlRoutes<C> = Record<string, (control: C, input: unknown) => unknown>;

/**
 * The routes for `schemas` (each name's body): every call validates its body first (throws ZodError),
 * then hands the parsed body to its entry in `calls`.
 */
export function controlRoutes<C, S extends Record<string, z.ZodType>>(
  schemas: S,
  calls: { [K in keyof S]: (control: C, body: z.output<S[K]>) => unknown },
): ControlRoutes<C> {
  const routes: ControlRoutes<C> = {};
  for (const name of Object.keys(schemas) as (keyof S & string)[])
    routes[name] = (control, input) =>
      calls[name](control, schemas[name]!.parse(input) as z.output<S[typeof name]>);
  return routes;
}
