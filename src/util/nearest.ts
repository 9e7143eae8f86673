/**
 * "Did you mean …?" suggestions: the candidate nearest to a mistyped word by edit distance.
 * Used for params keys, enum values, model and metric names.
 */

/**
 * Optimal string alignment distance: Levenshtein's insertions, deletions and substitutions
 * (V. I. Levenshtein, 1966) plus transposition of two adjacent characters (F. J. Damerau,
 * 1964), each costing 1, so 'metrc' → 'metric' and 'modles' → 'models' are both 1 apart.
 * Dynamic programme over three rolling rows: O(|a|·|b|) time, O(|b|) memory.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let before = new Int32Array(b.length + 1); // row i-2
  let prev = new Int32Array(b.length + 1); // row i-1
  let cur = new Int32Array(b.length + 1); // row i
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    // 1 ≤ j ≤ b.length: j, j - 1 and (j > 1) j - 2 are all within the rows' b.length + 1.
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        d = Math.min(d, before[j - 2]! + 1);
      }
      cur[j] = d;
    }
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length]!; // the last of b.length + 1
}

/**
 * The largest distance still worth suggesting: about a third of the longer word, at least 1.
 * Short words need a near-exact match ('cv' never suggests 'dir'); long ones tolerate a typo
 * or two ('permutation_repeat' → 'permutation_repeats').
 */
export function suggestionLimit(a: string, b: string): number {
  return Math.max(1, Math.floor(Math.max(a.length, b.length) / 3));
}

/**
 * The candidate nearest to `input` (case-insensitive), or undefined when none is close enough
 * (see `suggestionLimit`). Ties go to the earlier candidate, so the answer is deterministic.
 */
export function nearest(input: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  const word = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate.toLowerCase());
    const limit = maxDistance ?? suggestionLimit(word, candidate);
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
