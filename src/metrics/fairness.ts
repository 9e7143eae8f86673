/**
 * Group fairness of a model on the test split: the same error measures per group of a
 * sensitive column (gender, race_ethnicity, …), and the largest gap between two groups.
 * The measures follow Fairlearn's MetricFrame and the usual definitions (Barocas, Hardt &
 * Narayanan, "Fairness and Machine Learning", ch. 3):
 * - regression: MAE, RMSE and mean error (prediction − actual: > 0 over-predicts the group);
 * - binary classification: recall (true-positive rate, "equal opportunity"), false-positive
 *   rate and selection rate (share predicted positive, "demographic parity");
 * - multi-class: accuracy and macro recall.
 * Gaps compare groups with at least MIN_GROUP rows only: a gap between a group of 3 and one of
 * 300 is noise, so small groups are listed (flagged `small`) but never decide the gap.
 */

export const MIN_GROUP = 30;

export interface FairnessGroup {
  readonly value: string;
  readonly n: number;
  /** Fewer than MIN_GROUP rows: shown, left out of the gaps. */
  readonly small: boolean;
  readonly metrics: Readonly<Record<string, number | null>>;
}

export interface FairnessGap {
  readonly metric: string;
  /** max − min over the groups that are not small; null when fewer than two such groups. */
  readonly gap: number | null;
  readonly highest: string | null;
  readonly lowest: string | null;
}

export interface ColumnFairness {
  readonly column: string;
  readonly groups: readonly FairnessGroup[];
  readonly gaps: readonly FairnessGap[];
}

export interface FairnessInput {
  readonly task: 'regression' | 'classification';
  readonly yTrue: ArrayLike<number>;
  /** Regression: the predicted value; classification: the predicted class index. */
  readonly yPred: ArrayLike<number>;
  /** Binary classification: the positive class index; otherwise undefined. */
  readonly positiveIndex?: number;
  readonly nClasses?: number;
}

/** The group text of a missing value. */
export const MISSING_GROUP = '(missing)';

/** Fairness of one sensitive column: `codes` index `dictionary`, −1 for a missing value. */
export function columnFairness(input: FairnessInput, column: string, codes: ArrayLike<number>, dictionary: readonly string[]): ColumnFairness {
  const members = new Map<number, number[]>();
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]! < 0 ? -1 : codes[i]!;
    let rows = members.get(code);
    if (!rows) members.set(code, (rows = []));
    rows.push(i);
  }
  const groups = [...members.entries()]
    .map(([code, rows]): FairnessGroup => ({
      value: code < 0 ? MISSING_GROUP : dictionary[code]!,
      n: rows.length,
      small: rows.length < MIN_GROUP,
      metrics: groupMetrics(input, rows),
    }))
    .sort((a, b) => b.n - a.n || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const names = groups.length ? Object.keys(groups[0]!.metrics) : [];
  return { column, groups, gaps: names.map((metric) => largestGap(groups, metric)) };
}

function groupMetrics(input: FairnessInput, rows: readonly number[]): Record<string, number | null> {
  const { yTrue, yPred } = input;
  if (input.task === 'regression') {
    let abs = 0;
    let sq = 0;
    let signed = 0;
    for (const i of rows) {
      const e = yPred[i]! - yTrue[i]!;
      abs += Math.abs(e);
      sq += e * e;
      signed += e;
    }
    const n = rows.length;
    return { mae: abs / n, rmse: Math.sqrt(sq / n), mean_error: signed / n };
  }
  if (input.positiveIndex !== undefined) {
    const p = input.positiveIndex;
    let tp = 0;
    let fn = 0;
    let fp = 0;
    let tn = 0;
    for (const i of rows) {
      const actual = yTrue[i] === p;
      const predicted = yPred[i] === p;
      if (actual && predicted) tp++;
      else if (actual) fn++;
      else if (predicted) fp++;
      else tn++;
    }
    return {
      recall: tp + fn === 0 ? null : tp / (tp + fn),
      false_positive_rate: fp + tn === 0 ? null : fp / (fp + tn),
      selection_rate: (tp + fp) / rows.length,
    };
  }
  const k = input.nClasses ?? 2;
  const hits = new Float64Array(k);
  const totals = new Float64Array(k);
  let right = 0;
  for (const i of rows) {
    totals[yTrue[i]!]!++;
    if (yTrue[i] === yPred[i]) {
      right++;
      hits[yTrue[i]!]!++;
    }
  }
  let recallSum = 0;
  let present = 0;
  totals.forEach((t, c) => {
    if (t > 0) {
      recallSum += hits[c]! / t;
      present++;
    }
  });
  return { accuracy: right / rows.length, recall_macro: present ? recallSum / present : null };
}

function largestGap(groups: readonly FairnessGroup[], metric: string): FairnessGap {
  const eligible = groups.filter((g) => !g.small && g.metrics[metric] !== null && g.metrics[metric] !== undefined);
  if (eligible.length < 2) return { metric, gap: null, highest: null, lowest: null };
  // Ties keep the larger group (groups come largest first); with all equal, the two largest.
  let highest = eligible[0]!;
  let lowest = eligible[1]!;
  if (lowest.metrics[metric]! > highest.metrics[metric]!) [highest, lowest] = [lowest, highest];
  for (const g of eligible.slice(2)) {
    if (g.metrics[metric]! > highest.metrics[metric]!) highest = g;
    if (g.metrics[metric]! < lowest.metrics[metric]!) lowest = g;
  }
  return { metric, gap: highest.metrics[metric]! - lowest.metrics[metric]!, highest: highest.value, lowest: lowest.value };
}

/** Column names that describe who a student is: the default of evaluate.sensitive, where present. */
export const DEMOGRAPHIC_COLUMNS = ['gender', 'sex', 'race_ethnicity', 'race', 'ethnicity', 'parental_level_of_education', 'lunch'] as const;
