import { describe, expect, it } from 'vitest';
import { roundTrips } from '../support/dynamo-calls';

describe('roundTrips (how the checkout test and the bench count round trips)', () => {
  it('counts calls sent side by side once, and a call sent after the others came back again', () => {
    expect(roundTrips([])).toBe(0);
    // The claim; then three reads side by side; then the transaction.
    const calls = [
      { startedAt: 0, endedAt: 2 },
      { startedAt: 2, endedAt: 5 },
      { startedAt: 2.1, endedAt: 4 },
      { startedAt: 2.2, endedAt: 6 },
      { startedAt: 6, endedAt: 9 },
    ];
    expect(roundTrips(calls)).toBe(3);
    expect(roundTrips([...calls].reverse())).toBe(3);
    // The same reads one after the other: each its own round trip.
    expect(
      roundTrips([
        { startedAt: 0, endedAt: 1 },
        { startedAt: 1, endedAt: 2 },
        { startedAt: 2, endedAt: 3 },
      ]),
    ).toBe(3);
    // A call still unanswered holds its round open.
    expect(roundTrips([{ startedAt: 0 }, { startedAt: 5, endedAt: 6 }])).toBe(1);
  });
});
