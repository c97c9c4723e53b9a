import type { Account } from '../accounts';
import { requireLinear } from '../order-params';
import type { Engine } from '../engine';
import type { Environment, KeyRecord } from '../keys';

/** What a handler sees: parsed params (query or JSON body), and for private routes the key and its account. */
export interface RouteContext {
  engine: Engine;
  environment: Environment;
  params: Record<string, unknown>;
  key: KeyRecord | null;
  account: Account | null;
  /** Rate-limit units granted for this request (a batch may get fewer than it has orders). */
  granted: number;
}

export interface RouteResult {
  result: unknown;
  retMsg?: string;
  retExtInfo?: unknown;
}

export interface Route {
  method: 'GET' | 'POST';
  private: boolean;
  /** Needs a read-write key (10005 otherwise). */
  write: boolean;
  /** Rate-limit units this request asks for; may throw a SimError (e.g. batch too large). Default 1. */
  units?: (params: Record<string, unknown>) => number;
  handle: (ctx: RouteContext) => RouteResult;
}

export function requireAccount(ctx: RouteContext): Account {
  if (!ctx.account) throw new Error('private route without account');
  return ctx.account;
}

type AccountHandler = (ctx: RouteContext, account: Account) => RouteResult;

/**
 * A signed route on the caller's account, as most of Bybit's private routes are: `write` needs a read-write
 * key (10005 otherwise). The route's own checks and answer are `handle`'s.
 */
export function accountRoute(
  method: Route['method'],
  access: 'read' | 'write',
  handle: AccountHandler,
): Route {
  return {
    method,
    private: true,
    write: access === 'write',
    handle: (ctx) => handle(ctx, requireAccount(ctx)),
  };
}

/** The same, for a route that takes linear contracts only: any other category is refused first, as Bybit does. */
export function linearAccountRoute(
  method: Route['method'],
  access: 'read' | 'write',
  handle: AccountHandler,
): Route {
  return accountRoute(method, access, (ctx, account) => {
    requireLinear(ctx.params.category);
    return handle(ctx, account);
  });
}
