import type { Violation, WireSendRecord } from './world';

/**
 * I1: no orderLinkId reached the wire again after a send of it was booked (the duplicate Bybit's 110072
 * would hide). A send again after a refusal that booked nothing (10006, a fault answered before
 * processing) is a retry, and allowed. Sends are in arrival order; orders placed without an orderLinkId
 * (by hand) are not Synthex's and not judged.
 */
export function duplicateSends(sends: readonly WireSendRecord[]): Violation[] {
  const byLink = new Map<string, WireSendRecord[]>();
  for (const send of sends.filter((s) => s.orderLinkId !== ''))
    byLink.set(send.orderLinkId, [...(byLink.get(send.orderLinkId) ?? []), send]);
  const violations: Violation[] = [];
  for (const [link, list] of byLink) {
    const booked = list.findIndex((send) => send.booked);
    if (booked < 0 || booked === list.length - 1) continue;
    violations.push({
      invariant: 'I1',
      key: `I1|${link}`,
      message: `${link} reached the wire again after it was booked: ${list
        .map((send) => `${send.booked ? 'booked' : 'refused'} at ${send.at}`)
        .join(', ')}`,
    });
  }
  return violations;
}
