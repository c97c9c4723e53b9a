/**
 * Reads until `marker()` is the same before and after the read (at most `tries` times). An answer that
 * joins what the database said with what this process holds in memory (the run under way) must not
 * straddle a change of the latter: a run that ended while the database was read makes an answer that
 * says no run is under way yet names the lock that run was still holding when the database looked.
 */
export async function steadyRead<T>(marker: () => unknown, read: () => Promise<T>, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const before = marker();
    const answer = await read();
    if (marker() === before || attempt >= tries) return answer;
  }
}
