/**
 * Bybit V5 + CoinGecko simulator for tests, the bench and manual runs (`npm run sim`).
 * It follows ../../shared/reference/bybit-v5.md; see README.md beside this file.
 */
export { startSimulator } from './server';
export type {
  CreateKeyOpts,
  FaultKind,
  PrivateTopic,
  SimControl,
  SimExecution,
  SimKey,
  SimOrder,
  Simulator,
  SimulatorOptions,
  StreamFaultKind,
} from './types';
