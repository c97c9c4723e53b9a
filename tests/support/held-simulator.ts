import { startSimulator, type Simulator } from '../sim';
import { fileFixture } from './file-fixture';
import { startHeldExchange, type HeldExchange } from './held-exchange';

export interface HeldSimulator {
  /** The Bybit simulator, with no price walk (tickIntervalMs 0). */
  sim: Simulator;
  /** A pass-through in front of the simulator's REST whose answers the test can hold. */
  exchange: HeldExchange;
}

/**
 * The simulator and a held exchange in front of it, for one whole test file: started in its beforeAll,
 * closed (exchange, then simulator) in its afterAll. Call it before the file's own hooks, so the
 * file's afterAll (which stops the app using them) runs first.
 */
export function useHeldSimulator(): HeldSimulator {
  return fileFixture(
    async () => {
      const sim = await startSimulator({ tickIntervalMs: 0 });
      try {
        return { sim, exchange: await startHeldExchange(sim.rest) };
      } catch (error) {
        await sim.close();
        throw error;
      }
    },
    async (held) => {
      await held?.exchange.close();
      await held?.sim.close();
    },
    120_000,
  );
}
