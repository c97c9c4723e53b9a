import type { ExchangeEnvironment, Settings } from '../../../shared/domain/settings';

export interface ExchangeEndpoints {
  environment: ExchangeEnvironment;
  restUrl: string;
  publicWsUrl: string;
  privateWsUrl: string;
}

const known: Record<Exclude<ExchangeEnvironment, 'custom'>, Omit<ExchangeEndpoints, 'environment'>> = {
  mainnet: {
    restUrl: 'https://api.bybit.com',
    publicWsUrl: 'wss://stream.bybit.com/v5/public/linear',
    privateWsUrl: 'wss://stream.bybit.com/v5/private',
  },
  testnet: {
    restUrl: 'https://api-testnet.bybit.com',
    publicWsUrl: 'wss://stream-testnet.bybit.com/v5/public/linear',
    privateWsUrl: 'wss://stream-testnet.bybit.com/v5/private',
  },
  // Demo trading has its own REST and private stream but uses mainnet's public market data.
  demo: {
    restUrl: 'https://api-demo.bybit.com',
    publicWsUrl: 'wss://stream.bybit.com/v5/public/linear',
    privateWsUrl: 'wss://stream-demo.bybit.com/v5/private',
  },
};

/** Where an environment lives. A custom base serves Bybit's own paths (the simulator does). */
export function exchangeEndpoints(
  settings: Pick<Settings, 'exchangeEnvironment' | 'customRestUrl' | 'customWsUrl'>,
): ExchangeEndpoints {
  const environment = settings.exchangeEnvironment;
  if (environment !== 'custom') return { environment, ...known[environment] };
  const rest = (settings.customRestUrl ?? '').replace(/\/+$/, '');
  const ws = (settings.customWsUrl ?? '').replace(/\/+$/, '');
  return {
    environment,
    restUrl: rest,
    publicWsUrl: `${ws}/v5/public/linear`,
    privateWsUrl: `${ws}/v5/private`,
  };
}
