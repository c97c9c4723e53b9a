import {
  channels,
  isChannelName,
  issuesFromZod,
  SynthexError,
  type ChannelName,
  type Reply,
} from '../../../shared/contract';
import type { Logger } from '../util/logger';
import type { CallContext, Handler, Handlers } from './handlers';

export type Dispatch = (channel: unknown, payload: unknown, context: CallContext) => Promise<Reply>;

/**
 * The single entry point both transports call. It refuses unknown channels and payloads that fail
 * their schema before any handler runs, and turns every failure into a typed error reply.
 */
export function createDispatcher(handlers: Handlers, logger: Logger): Dispatch {
  return async (channel, payload, context) => {
    if (!isChannelName(channel)) {
      return fail(new SynthexError('UNKNOWN_CHANNEL', `Unknown channel: ${describe(channel)}`));
    }
    const parsed = channels[channel].request.safeParse(payload ?? {});
    if (!parsed.success) {
      return fail(
        new SynthexError('INVALID_PAYLOAD', `Invalid payload for ${channel}`, issuesFromZod(parsed.error)),
      );
    }
    try {
      const handler = handlers[channel] as Handler<ChannelName>;
      const result = await handler(parsed.data as never, context);
      // A response that breaks its own schema is our bug; catching it here keeps the contract honest.
      const checked = channels[channel].response.safeParse(result);
      if (!checked.success) {
        logger.error('handler returned a response outside the contract', {
          channel,
          issues: issuesFromZod(checked.error),
        });
        return fail(new SynthexError('INTERNAL', `${channel} produced an invalid response`));
      }
      return { ok: true, result: checked.data };
    } catch (error) {
      if (error instanceof SynthexError) return fail(error);
      logger.error('handler failed', { channel, error: String(error) });
      return fail(new SynthexError('INTERNAL', `${channel} failed unexpectedly`));
    }
  };
}

function fail(error: SynthexError): Reply {
  return { ok: false, error: error.toContractError() };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
}
