/**
 * Late outcomes joined with recorded predictions (`spm feedback`), by id and never by position
 * (pure). An outcome row with no id, an id given twice in the outcomes, or an id recorded twice
 * in one batch is ambiguous: reported, and left out of every metric rather than guessed. An id
 * recorded in several batches (a student scored in September by one model and in January by
 * the next) is matched in each: every batch's metrics are its own model's, however late the
 * outcome comes.
 */

/** The outcomes file: per row, its key (the id columns' values joined; '' when one is empty), its outcome text ('' when missing) and its line. */
export interface OutcomeRows {
  readonly keys: readonly string[];
  readonly values: readonly string[];
  readonly lines: ArrayLike<number>;
}

/** Outcome rows left out, by reason: their lines (in the outcomes file). */
export interface OutcomeProblems {
  /** No value in an id column. */
  readonly missing_id: number[];
  /** The same id on several rows: every one of them. */
  readonly duplicated: number[];
  /** An id, but no outcome value. */
  readonly no_outcome: number[];
  /** An id that no recorded prediction has. */
  readonly unknown: number[];
}

export interface BatchJoin {
  /** Recorded rows of the batch. */
  readonly predictions: number;
  /** Ids recorded more than once in the batch (none of their rows is matched). */
  readonly duplicated_ids: number;
  /** Matched pairs: prediction row i of the batch with outcome row outcome[i]. */
  readonly prediction: Int32Array;
  readonly outcome: Int32Array;
  /** Predictions (of ids recorded once) with no usable outcome yet. */
  readonly no_outcome: number;
}

export interface OutcomeJoin {
  readonly batches: BatchJoin[];
  readonly problems: OutcomeProblems;
  /** Outcome rows that matched at least one prediction. */
  readonly matched_outcomes: number;
}

/** Counts of each key. */
function tally(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) if (k !== '') counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/** Joins `outcomes` with each batch's recorded keys (see the file's comment for the rules). */
export function joinOutcomes(outcomes: OutcomeRows, batches: readonly (readonly string[])[]): OutcomeJoin {
  const problems: OutcomeProblems = { missing_id: [], duplicated: [], no_outcome: [], unknown: [] };
  const outcomeCounts = tally(outcomes.keys);
  // Usable outcomes: key → row.
  const usable = new Map<string, number>();
  outcomes.keys.forEach((key, row) => {
    const line = outcomes.lines[row]!;
    if (key === '') problems.missing_id.push(line);
    else if (outcomeCounts.get(key)! > 1) problems.duplicated.push(line);
    else if (outcomes.values[row] === '') problems.no_outcome.push(line);
    else usable.set(key, row);
  });
  const known = new Set<string>();
  const matched = new Set<number>();
  const joined = batches.map((keys): BatchJoin => {
    const counts = tally(keys);
    const prediction: number[] = [];
    const outcome: number[] = [];
    let duplicated = 0;
    let noOutcome = 0;
    for (const [key, n] of counts) {
      known.add(key);
      if (n > 1) duplicated++;
    }
    keys.forEach((key, row) => {
      if (key === '' || counts.get(key)! > 1) return;
      const o = usable.get(key);
      if (o === undefined) {
        noOutcome++;
        return;
      }
      prediction.push(row);
      outcome.push(o);
      matched.add(o);
    });
    return { predictions: keys.length, duplicated_ids: duplicated, prediction: Int32Array.from(prediction), outcome: Int32Array.from(outcome), no_outcome: noOutcome };
  });
  outcomes.keys.forEach((key, row) => {
    if (key !== '' && !known.has(key)) problems.unknown.push(outcomes.lines[row]!);
  });
  // An unknown id is reported as unknown, whatever else is wrong with its row.
  const unknownLines = new Set(problems.unknown);
  const drop = (lines: number[]): number[] => lines.filter((l) => !unknownLines.has(l));
  return {
    batches: joined,
    problems: { ...problems, duplicated: drop(problems.duplicated), no_outcome: drop(problems.no_outcome) },
    matched_outcomes: matched.size,
  };
}
