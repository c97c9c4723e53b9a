import type { ChannelName, ParsedRequestOf, ResponseOf } from '../../../shared/contract';

/** Who is calling: the transport fills this in after its own trust check. */
export interface CallContext {
  transport: 'ipc' | 'ws';
}

export type Handler<C extends ChannelName> = (
  request: ParsedRequestOf<C>,
  context: CallContext,
) => Promise<ResponseOf<C>>;

/** One handler per channel; the type makes a missing channel a compile error. */
export type Handlers = { [C in ChannelName]: Handler<C> };
