/**
 * The exchange module's entry: a gateway (REST) and its streams (WebSocket) for one environment and
 * one API key. Everything is injected; nothing here is global.
 */
import type { Logger } from '../util/logger';
import type { ExchangeEndpoints } from './environments';
import { BybitGateway, type BybitGatewayOptions } from './gateway';
import type { Credentials } from './sdk-clients';
import { BybitStreams, type BybitStreamsOptions } from './streams';

export { exchangeEndpoints, type ExchangeEndpoints } from './environments';
export { BybitGateway, type BybitGatewayOptions } from './gateway';
export {
  BybitStreams,
  type BybitStreamsOptions,
  type PrivateHandlers,
  type StreamGap,
  type StreamName,
  type StreamState,
} from './streams';
export { absenceProvableAt, type OrderResolution } from './order-resolution';
export { ExchangeError, type ExchangeErrorCode } from './errors';
export { orderLinkIdProblem, maxOrderLinkIdLength } from './order-validation';
export type { Credentials } from './sdk-clients';
export type * from './types';
export { delistingAt, utcMinute } from './types';

export interface BybitExchangeOptions {
  endpoints: ExchangeEndpoints;
  credentials?: Credentials | null;
  logger: Logger;
  gateway?: Omit<BybitGatewayOptions, 'endpoints' | 'credentials' | 'logger'>;
  streams?: Omit<BybitStreamsOptions, 'endpoints' | 'credentials' | 'logger' | 'gateway'>;
}

export interface BybitExchange {
  gateway: BybitGateway;
  streams: BybitStreams;
  close(): Promise<void>;
}

/** Build the gateway and streams, and measure the clock offset before returning. */
export async function createBybitExchange(options: BybitExchangeOptions): Promise<BybitExchange> {
  const gateway = new BybitGateway({
    ...options.gateway,
    endpoints: options.endpoints,
    credentials: options.credentials ?? null,
    logger: options.logger,
  });
  await gateway.start();
  const streams = new BybitStreams({
    ...options.streams,
    endpoints: options.endpoints,
    credentials: options.credentials ?? null,
    logger: options.logger,
    gateway,
  });
  return { gateway, streams, close: () => streams.close() };
}
