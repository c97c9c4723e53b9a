/**
 * Bybit V5 + CoinGecko simulator for tests, the bench and manual runs (`npm run sim`).
 * It follows docs/bybit-v5.md; see README.md beside this file.
 */
export { startSimulator } from './server';
export type { PrivateTopic } from './bybit/engine';
export type { StreamFaultKind } from './bybit/stream-faults';
export type { EventControl } from './event-control';
export type { ScenarioControl } from './scenario-control';
export type {
  CreateKeyOpts,
  FaultKind,
  SimControl,
  SimExecution,
  SimKey,
  SimOrder,
  Simulator,
  SimulatorOptions,
} from './types';
