/**
 * Risk bands (high / medium / low) for the scoring API and the dashboard, from the model's own
 * output so that a band never contradicts the prediction beside it:
 * - binary classification with a known bad outcome (the class that is not segments.favourable,
 *   or not the positive class): `high` when the bad outcome is predicted; `medium` when its
 *   probability is at least half of the probability at which it would be predicted; else `low`;
 * - regression (a higher score is better): `high` below the 25th percentile of the training
 *   target, `medium` below its median, else `low` — the cohort the model learned from is the
 *   yardstick, whatever the score's scale;
 * - multi-class without a favourable class: no bands (there is no single bad outcome).
 */
import { positiveIndexOf, type Schema } from '../data/schema.js';
import { quantileSorted } from '../features/quantile.js';

export type RiskBand = 'high' | 'medium' | 'low';

export interface RiskBands {
  /** How the bands are cut, in words and numbers (GET /v1/model). */
  readonly describe: {
    readonly basis: string;
    /** Classification: the class that is the bad outcome. */
    readonly bad_outcome?: string;
    readonly high: string;
    readonly medium: string;
    readonly low: string;
  };
  /** The band of one scored row: its prediction, and for classification its probability text. */
  band(prediction: string, probability: string | undefined): RiskBand;
}

export interface RiskInputs {
  readonly threshold: number;
  /** Index of the favourable class among schema.classes, −1 when unknown. */
  readonly favourable: number;
  /** Regression: the training split's target values. */
  readonly trainTarget: Float64Array | null;
}

export function riskBands(schema: Schema, inputs: RiskInputs): RiskBands | null {
  if (schema.task === 'regression') return inputs.trainTarget ? scoreBands(inputs.trainTarget) : null;
  const classes = schema.classes ?? [];
  const positive = positiveIndexOf(schema);
  if (classes.length !== 2 || positive === undefined || inputs.favourable < 0) return null;
  const bad = classes[1 - inputs.favourable]!;
  // probability is P(positive); the bad outcome is predicted from this P(bad) on.
  const badIsPositive = classes[positive] === bad;
  const flip = badIsPositive ? inputs.threshold : 1 - inputs.threshold;
  const medium = flip / 2;
  return {
    describe: {
      basis: `probability of ${bad}`,
      bad_outcome: bad,
      high: `${bad} predicted (P(${bad}) ≥ ${round(flip)})`,
      medium: `P(${bad}) ≥ ${round(medium)}`,
      low: `P(${bad}) < ${round(medium)}`,
    },
    band(prediction, probability) {
      if (prediction === bad) return 'high';
      const p = Number(probability);
      const pBad = badIsPositive ? p : 1 - p;
      return pBad >= medium ? 'medium' : 'low';
    },
  };
}

function scoreBands(target: Float64Array): RiskBands | null {
  const values = Float64Array.from(target.filter((v) => Number.isFinite(v))).sort();
  if (values.length === 0) return null;
  const q25 = quantileSorted(values, 0.25);
  const q50 = quantileSorted(values, 0.5);
  return {
    describe: {
      basis: 'predicted score against the training cohort',
      high: `prediction < ${round(q25)} (25th percentile)`,
      medium: `prediction < ${round(q50)} (median)`,
      low: `prediction ≥ ${round(q50)}`,
    },
    band(prediction) {
      const x = Number(prediction);
      return x < q25 ? 'high' : x < q50 ? 'medium' : 'low';
    },
  };
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;
