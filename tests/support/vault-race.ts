import { expect } from 'vitest';
import type { ChannelName, RequestOf, ResponseOf } from '../../shared/contract';
import type { HeldSimulator } from './held-simulator';
import { waitFor } from './wait-for';

/** The app as a test calls it: the core in process, or a client of the headless process. */
export interface ContractCaller {
  invoke<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
}

/** The custom environment that reaches the simulator through the held exchange (whose answers a test can hold). */
export const heldCustomEnv = (held: HeldSimulator) => ({
  environment: 'custom' as const,
  customRestUrl: held.exchange.url,
  customWsUrl: held.sim.ws,
});

/** A new profile with a fresh simulator key stored through the held exchange; returns the profile's id. */
export async function addProfileWithKey(
  app: ContractCaller,
  held: HeldSimulator,
  name: string,
): Promise<number> {
  const { id } = await app.invoke('profiles.create', { name });
  await app.invoke('credentials.set', {
    profileId: id,
    ...heldCustomEnv(held),
    ...held.sim.control.createKey(),
  });
  return id;
}

/** Sends two key rotations at once (both in flight) and says how each ended: 'ok', or its error. */
export async function rotateTwiceAtOnce(app: ContractCaller): Promise<string[]> {
  const results = await Promise.allSettled([
    app.invoke('credentials.rotateKey', {}),
    app.invoke('credentials.rotateKey', {}),
  ]);
  return results.map((result) => (result.status === 'fulfilled' ? 'ok' : String(result.reason)));
}

/** Every profile has its key stored, and the key decrypts (a verified credentials.get). */
export async function expectKeysDecrypt(app: ContractCaller, profiles: number[]): Promise<void> {
  for (const profileId of profiles) {
    const status = await app.invoke('credentials.get', { profileId, verify: true });
    expect(status.credential, `profile ${profileId} has its key`).not.toBeNull();
    expect(status.check, `profile ${profileId}'s key decrypts`).toMatchObject({ ok: true });
  }
}

/**
 * Stores a key for a new profile while a key rotation runs: the key check's answer is held at the exchange,
 * so credentials.set is in flight, past its start, when credentials.rotateKey is sent. The store must
 * succeed; returns the new profile's id and the rotation's answer.
 */
export async function storeDuringRotation(
  app: ContractCaller,
  held: HeldSimulator,
): Promise<{ id: number; rotated: ResponseOf<'credentials.rotateKey'> }> {
  const { id } = await app.invoke('profiles.create', { name: 'Stored during a rotation' });
  held.exchange.hold('/v5/user/query-api');
  const storing = app.invoke('credentials.set', {
    profileId: id,
    ...heldCustomEnv(held),
    ...held.sim.control.createKey(),
  });
  await waitFor(() => held.exchange.held() === 1);
  const rotated = await app.invoke('credentials.rotateKey', {});
  held.exchange.release();
  expect((await storing).credential).not.toBeNull();
  return { id, rotated };
}
