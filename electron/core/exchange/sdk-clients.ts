/**
 * The bybit-api SDK clients, pointed at an environment's endpoints. All signing is the SDK's.
 */
import { RestClientV5, WebsocketClient, type WsKey } from 'bybit-api';
import type { Logger } from '../util/logger';
import type { ExchangeEndpoints } from './environments';

export interface Credentials {
  apiKey: string;
  apiSecret: string;
}

type SdkLogger = ConstructorParameters<typeof WebsocketClient>[1];

/** Only these fields of the SDK's log arguments are passed on: its objects can carry the key and secret. */
const safeFields = ['wsKey', 'reason', 'topic', 'topics', 'code', 'market', 'testnet'] as const;

function safeSummary(params: unknown[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const param of params) {
    if (!param || typeof param !== 'object') continue;
    const record = param as Record<string, unknown>;
    for (const name of safeFields) {
      const value = record[name];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        fields[name] = value;
    }
  }
  return fields;
}

/** Adapts the app's Logger to the SDK's `{trace, info, error}`; trace (pings) is dropped. */
export function sdkLogger(logger: Logger): NonNullable<SdkLogger> {
  return {
    trace: () => undefined,
    info: (message: unknown, ...params: unknown[]) =>
      logger.info(
        `bybit-api: ${typeof message === 'string' ? message.slice(0, 200) : 'event'}`,
        safeSummary(params),
      ),
    error: (message: unknown, ...params: unknown[]) =>
      logger.warn(
        `bybit-api: ${typeof message === 'string' ? message.slice(0, 200) : 'error'}`,
        safeSummary(params),
      ),
  };
}

/**
 * RestClientV5 whose signing timestamp can be corrected by a measured clock offset. The SDK keeps the
 * offset in a private field that its own (interval-based) time sync writes; the gateway measures
 * the offset itself (at start and on 10002) and writes it here instead.
 */
export class SyncedRestClient extends RestClientV5 {
  setTimeOffsetMs(offsetMs: number): void {
    (this as unknown as { timeOffset: number | null }).timeOffset = offsetMs;
  }

  getTimeOffsetMs(): number {
    return (this as unknown as { timeOffset: number | null }).timeOffset ?? 0;
  }

  /** The recv_window every signed request carries (the SDK's option; its default is 5000). */
  getRecvWindowMs(): number {
    const options = (this as unknown as { options?: { recv_window?: unknown } }).options;
    return typeof options?.recv_window === 'number' ? options.recv_window : 5000;
  }
}

export interface RestClientOptions {
  endpoints: ExchangeEndpoints;
  credentials?: Credentials | null;
  /** Per-request timeout; the SDK's default is 5 minutes. */
  timeoutMs: number;
  recvWindowMs?: number;
}

export function createRestClient(options: RestClientOptions): SyncedRestClient {
  return new SyncedRestClient(
    {
      key: options.credentials?.apiKey,
      secret: options.credentials?.apiSecret,
      baseUrl: options.endpoints.restUrl,
      recv_window: options.recvWindowMs ?? 5000,
      parseAPIRateLimits: true,
      enable_time_sync: false,
    },
    { timeout: options.timeoutMs },
  );
}

/**
 * WebsocketClient whose public linear and private connections use the environment's URLs (the SDK's
 * `wsUrl` option would send both to one URL).
 */
export class EndpointWebsocketClient extends WebsocketClient {
  private readonly endpointUrls: { publicWsUrl: string; privateWsUrl: string };

  constructor(
    endpoints: ExchangeEndpoints,
    options: ConstructorParameters<typeof WebsocketClient>[0],
    logger: SdkLogger,
  ) {
    super(options, logger);
    this.endpointUrls = { publicWsUrl: endpoints.publicWsUrl, privateWsUrl: endpoints.privateWsUrl };
  }

  protected override async getWsUrl(wsKey: WsKey): Promise<string> {
    if (wsKey === 'v5LinearPublic') return this.endpointUrls.publicWsUrl;
    if (wsKey === 'v5Private') return this.endpointUrls.privateWsUrl;
    throw new Error(`Synthex does not use the ${wsKey} stream`);
  }
}

export interface WsClientOptions {
  endpoints: ExchangeEndpoints;
  credentials?: Credentials | null;
  logger: Logger;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  reconnectDelayMs?: number;
}

export function createWsClient(options: WsClientOptions): EndpointWebsocketClient {
  return new EndpointWebsocketClient(
    options.endpoints,
    {
      key: options.credentials?.apiKey,
      secret: options.credentials?.apiSecret,
      market: 'v5',
      pingInterval: options.pingIntervalMs ?? 10_000,
      pongTimeout: options.pongTimeoutMs ?? 3_000,
      reconnectTimeout: options.reconnectDelayMs ?? 500,
    },
    sdkLogger(options.logger),
  );
}
