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
import { accuracy, balancedAccuracy, confusionMatrix } from './classification.js';
import { mae, rmse } from './regression.js';

export const MIN_GROUP = 30;

/** One value of a sensitive column and the measures on its rows. */
export interface GroupFairness {
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
  readonly groups: readonly GroupFairness[];
  readonly gaps: readonly FairnessGap[];
}

/** What fairness is measured on: the test split's truths and predictions. */
export interface FairnessPredictions {
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
export function columnFairness(input: FairnessPredictions, column: string, codes: ArrayLike<number>, dictionary: readonly string[]): ColumnFairness {
  const members = new Map<number, number[]>();
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]! < 0 ? -1 : codes[i]!;
    let rows = members.get(code);
    if (!rows) members.set(code, (rows = []));
    rows.push(i);
  }
  const groups = [...members.entries()]
    .map(([code, rows]): GroupFairness => ({
      value: code < 0 ? MISSING_GROUP : dictionary[code]!,
      n: rows.length,
      small: rows.length < MIN_GROUP,
      metrics: groupMetrics(input, rows),
    }))
    .sort((a, b) => b.n - a.n || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const names = groups.length ? Object.keys(groups[0]!.metrics) : [];
  return { column, groups, gaps: names.map((metric) => largestGap(groups, metric)) };
}

/** The measures on one group's rows, by the metric functions evaluate uses for the whole split. */
function groupMetrics(input: FairnessPredictions, rows: readonly number[]): Record<string, number | null> {
  const yTrue = Float64Array.from(rows, (i) => input.yTrue[i]!);
  const yPred = Float64Array.from(rows, (i) => input.yPred[i]!);
  if (input.task === 'regression') {
    let signed = 0;
    for (let i = 0; i < yTrue.length; i++) signed += yPred[i]! - yTrue[i]!;
    return { mae: mae(yTrue, yPred), rmse: rmse(yTrue, yPred), mean_error: signed / yTrue.length };
  }
  if (input.positiveIndex !== undefined) {
    // Counts, not recall(): a group without positives has no recall (null), where sklearn's gives 0.
    const p = input.positiveIndex;
    const n = 1 - p;
    const cm = confusionMatrix(yTrue, yPred, { nClasses: 2 });
    const [tp, fn, fp, tn] = [cm[p]![p]!, cm[p]![n]!, cm[n]![p]!, cm[n]![n]!];
    return {
      recall: tp + fn === 0 ? null : tp / (tp + fn),
      false_positive_rate: fp + tn === 0 ? null : fp / (fp + tn),
      selection_rate: (tp + fp) / rows.length,
    };
  }
  const options = { nClasses: input.nClasses ?? 2 };
  return { accuracy: accuracy(yTrue, yPred, options), recall_macro: balancedAccuracy(yTrue, yPred, options) };
}

function largestGap(groups: readonly GroupFairness[], metric: string): FairnessGap {
  const eligible = groups.filter((g) => !g.small && g.metrics[metric] !== null && g.metrics[metric] !== undefined);
  const [first, second] = eligible;
  if (first === undefined || second === undefined) return { metric, gap: null, highest: null, lowest: null };
  // Ties keep the larger group (groups come largest first); with all equal, the two largest.
  let highest = first;
  let lowest = second;
  if (lowest.metrics[metric]! > highest.metrics[metric]!) [highest, lowest] = [lowest, highest];
  for (const g of eligible.slice(2)) {
    if (g.metrics[metric]! > highest.metrics[metric]!) highest = g;
    if (g.metrics[metric]! < lowest.metrics[metric]!) lowest = g;
  }
  return { metric, gap: highest.metrics[metric]! - lowest.metrics[metric]!, highest: highest.value, lowest: lowest.value };
}

/** Column names that describe who a student is: the default of evaluate.sensitive, where present. */
export const DEMOGRAPHIC_COLUMNS = ['gender', 'sex', 'race_ethnicity', 'race', 'ethnicity', 'parental_level_of_education', 'lunch'] as const;
