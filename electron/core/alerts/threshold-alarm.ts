import { Dec } from '../../../shared/decimal';

export type ThresholdSide = 'above' | 'below';

/**
 * One threshold with hysteresis: it fires when the value reaches +limit (or −limit) from inside, and
 * re-arms only once the value is back inside by `rearmFraction` of the limit. A PnL dancing around the
 * threshold therefore fires once, not forty times.
 */
export class ThresholdAlarm {
  private side: ThresholdSide | null = null;
  private limitText = '';

  constructor(private readonly rearmFraction = new Dec('0.2')) {}

  /** Returns the side crossed when this value fires, else null. A changed limit starts afresh. */
  update(value: Dec, limit: Dec): ThresholdSide | null {
    if (limit.toFixed() !== this.limitText) {
      this.limitText = limit.toFixed();
      // A new limit the value already sits beyond is where the trader wants to be told from: no alarm now.
      this.side = value.gte(limit) ? 'above' : value.lte(limit.neg()) ? 'below' : null;
      return null;
    }
    const rearm = limit.mul(new Dec(1).minus(this.rearmFraction));
    if (this.side === 'above' && value.lt(rearm)) this.side = null;
    if (this.side === 'below' && value.gt(rearm.neg())) this.side = null;
    if (this.side === null && value.gte(limit)) return (this.side = 'above');
    if (this.side === null && value.lte(limit.neg())) return (this.side = 'below');
    return null;
  }
}
