import { SynthexError } from '../../../shared/contract';
import { ExchangeError } from './errors';

/**
 * An exchange failure as the contract's EXCHANGE_ERROR, with what Synthex was doing in front of the
 * trader-facing sentence. Anything that is not an ExchangeError is a bug and passes through untouched.
 */
export function asContractError(error: unknown, doing: string): unknown {
  if (error instanceof ExchangeError) return new SynthexError('EXCHANGE_ERROR', `${doing}: ${error.message}`);
  return error;
}
