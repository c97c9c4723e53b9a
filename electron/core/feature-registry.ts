import type { ChannelName } from '../../shared/contract';
import type { Feature, FeatureLifecycle } from './feature';
import type { Handlers } from './rpc/handlers';

/**
 * The one list of core features. Each `add` claims the feature's channels (a channel claimed twice does not
 * compile) and `handlers()` exists only once every channel of the contract is claimed, so a channel
 * without a handler is a compile error naming the missing channels, with no cast anywhere.
 */
export class FeatureRegistry<H extends Partial<Handlers> = Record<never, never>> {
  private constructor(
    private readonly claimed: H,
    /** In the order added: started in this order, stopped in reverse. */
    readonly features: readonly FeatureLifecycle[],
  ) {}

  static empty(): FeatureRegistry {
    return new FeatureRegistry({}, []);
  }

  add<C extends Exclude<ChannelName, keyof H>>(feature: Feature<C>): FeatureRegistry<H & Pick<Handlers, C>> {
    return new FeatureRegistry({ ...this.claimed, ...feature.handlers }, [...this.features, feature]);
  }

  handlers(this: FeatureRegistry<Handlers>): Handlers {
    return this.claimed;
  }
}
