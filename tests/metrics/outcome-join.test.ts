import { describe, expect, it } from 'vitest';
import { joinOutcomes, type OutcomeRows } from '../../src/metrics/outcome-join.js';

/** Outcome rows from [id, value] pairs; line = row + 2 (after the header). */
const outcomes = (rows: readonly (readonly [string, string])[]): OutcomeRows => ({
  keys: rows.map((r) => r[0]),
  values: rows.map((r) => r[1]),
  lines: rows.map((_, i) => i + 2),
});

describe('joinOutcomes', () => {
  it('matches by id, never by position', () => {
    const j = joinOutcomes(outcomes([['c', '3'], ['a', '1'], ['b', '2']]), [['a', 'b', 'c']]);
    const b = j.batches[0]!;
    // prediction row → outcome row: a(0)→1, b(1)→2, c(2)→0
    expect([...b.prediction]).toEqual([0, 1, 2]);
    expect([...b.outcome]).toEqual([1, 2, 0]);
    expect(b.no_outcome).toBe(0);
    expect(j.matched_outcomes).toBe(3);
  });

  it('reports outcome rows with no id, a duplicated id, no value, or an unknown id, and leaves them out', () => {
    const j = joinOutcomes(outcomes([['a', '1'], ['', '9'], ['b', '2'], ['b', '3'], ['c', ''], ['zz', '5']]), [['a', 'b', 'c', 'd']]);
    expect(j.problems).toEqual({ missing_id: [3], duplicated: [4, 5], no_outcome: [6], unknown: [7] });
    const b = j.batches[0]!;
    expect([...b.prediction]).toEqual([0]); // only a: b is ambiguous, c has no value, d no row
    expect(b.no_outcome).toBe(3);
    expect(j.matched_outcomes).toBe(1);
  });

  it('leaves out an id recorded twice in one batch, and counts it', () => {
    const j = joinOutcomes(outcomes([['a', '1'], ['b', '2']]), [['a', 'b', 'a']]);
    const b = j.batches[0]!;
    expect(b.duplicated_ids).toBe(1);
    expect([...b.prediction]).toEqual([1]);
    expect([...b.outcome]).toEqual([1]);
    expect(j.problems.unknown).toEqual([]); // a is known, only ambiguous
  });

  it('matches a late outcome in every batch that scored the id: each batch keeps its own model', () => {
    // September's batch (older model) scored a and b; January's (newer model) scored b and c.
    const j = joinOutcomes(outcomes([['a', '1'], ['b', '2']]), [['a', 'b'], ['b', 'c']]);
    expect([...j.batches[0]!.prediction]).toEqual([0, 1]);
    expect([...j.batches[1]!.prediction]).toEqual([0]);
    expect(j.batches[1]!.no_outcome).toBe(1);
    expect(j.matched_outcomes).toBe(2);
  });
});
