import { describe, expect, it } from 'vitest';
import { steadyRead } from '../../electron/core/util/steady-read';

describe('steadyRead', () => {
  it('answers at once when nothing changed during the read', async () => {
    let reads = 0;
    expect(
      await steadyRead(
        () => 'run 1',
        async () => ++reads,
      ),
    ).toBe(1);
    expect(reads).toBe(1);
  });

  it('reads again when the marker changed during the read, and keeps the steady answer', async () => {
    let active: object | null = {};
    let reads = 0;
    const answer = await steadyRead(
      () => active,
      async () => {
        reads += 1;
        if (reads === 1) active = null; // the run ended while the database was read
        return { reads, active };
      },
    );
    expect(answer).toEqual({ reads: 2, active: null });
  });

  it('gives up after the tries it was given, with the last answer', async () => {
    let marker = 0;
    let reads = 0;
    expect(
      await steadyRead(
        () => marker,
        async () => ((marker += 1), ++reads),
        3,
      ),
    ).toBe(3);
  });
});
