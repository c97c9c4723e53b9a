/** The trader's own hand on a simulator account (no vitest here: Playwright specs use it too). */
import { RestClientV5 } from 'bybit-api';
import type { Simulator } from '../sim';

/**
 * The trader's own hand on the account: the same key, used by another client (as Bybit's app or another
 * bot would), placing market orders without any orderLinkId.
 */
export function byHand(sim: Simulator, key: { apiKey: string; apiSecret: string }) {
  // Like any client, it gives up on an answer that never comes (a fault withholding it): 10 s.
  const client = new RestClientV5(
    { key: key.apiKey, secret: key.apiSecret, baseUrl: sim.rest },
    { timeout: 10_000 },
  );
  const ok = <T extends { retCode: number; retMsg: string }>(response: T) => {
    if (response.retCode !== 0) throw new Error(`${response.retCode} ${response.retMsg}`);
    return response;
  };
  return {
    async market(
      symbol: string,
      side: 'Buy' | 'Sell',
      qty: string,
      options: { reduceOnly?: boolean; positionIdx?: 0 | 1 | 2 } = {},
    ) {
      // The account's order quota is shared with Synthex: like any client, wait out 10006 (nothing booked).
      for (let attempt = 1; ; attempt += 1) {
        const response = await client.submitOrder({
          category: 'linear',
          symbol,
          side,
          orderType: 'Market',
          qty,
          reduceOnly: options.reduceOnly,
          positionIdx: options.positionIdx ?? 0,
        });
        if (response.retCode !== 10006 || attempt === 5) return ok(response);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    },
    /** Bybit's answer to a position-mode switch (retCode and message), whether it was refused or not. */
    async switchMode(target: { symbol?: string; coin?: string }, mode: 0 | 3) {
      const response = await client.switchPositionMode({ category: 'linear', ...target, mode });
      return { retCode: response.retCode, retMsg: response.retMsg };
    },
    client,
  };
}
