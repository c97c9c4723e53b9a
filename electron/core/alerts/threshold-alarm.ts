import { Dec } from '../../../shared/decimal';

export type ThresholdSide = 'above' | 'below';

export interface ThresholdAlarmOptions {
  /** How far back inside (a fraction of the limit) the value must come before a side can fire again. */
  rearmFraction: Dec;
  /** After a side fired, it stays quiet this long even when re-armed (a PnL of cents crosses often). */
  coolDownMs: number;
}

export const defaultThresholdAlarmOptions: ThresholdAlarmOptions = {
  rearmFraction: new Dec('0.2'),
  coolDownMs: 10 * 60_000,
};

/**
 * One threshold with hysteresis and a cool-down: it fires when the value reaches +limit (or −limit) from
 * inside, re-arms only once the value is back inside by `rearmFraction` of the limit, and a re-armed side
 * fires again only `coolDownMs` after it last did. Hysteresis alone is not enough for a small limit: a
 * 0.3 USDT threshold re-arms at 0.24, and a position's PnL moves that much in seconds.
 */
export class ThresholdAlarm {
  private side: ThresholdSide | null = null;
  private limitText = '';
  private readonly firedAt = new Map<ThresholdSide, number>();

  constructor(private readonly options: ThresholdAlarmOptions = defaultThresholdAlarmOptions) {}

  /** Returns the side crossed when this value fires, else null. A changed limit starts afresh. */
  update(value: Dec, limit: Dec, now: number): ThresholdSide | null {
    if (limit.toFixed() !== this.limitText) {
      this.limitText = limit.toFixed();
      this.firedAt.clear();
      // A new limit the value already sits beyond is where the trader wants to be told from: no alarm now.
      this.side = value.gte(limit) ? 'above' : value.lte(limit.neg()) ? 'below' : null;
      return null;
    }
    const rearm = limit.mul(new Dec(1).minus(this.options.rearmFraction));
    if (this.side === 'above' && value.lt(rearm)) this.side = null;
    if (this.side === 'below' && value.gt(rearm.neg())) this.side = null;
    if (this.side !== null) return null;
    const crossed = value.gte(limit) ? 'above' : value.lte(limit.neg()) ? 'below' : null;
    if (crossed === null) return null;
    // Beyond the limit again: it must come back inside before it can fire, told or not.
    this.side = crossed;
    const last = this.firedAt.get(crossed);
    if (last !== undefined && now - last < this.options.coolDownMs) return null;
    this.firedAt.set(crossed, now);
    return crossed;
  }
}
