/**
 * What the served model's predictions mean for a student — which way is bad, the risk bands,
 * the segments — and the counts over a list of predictions that the summary, charts and
 * filters all show.
 */
import { state } from './state.js';

export const BANDS = /** @type {const} */ (['high', 'medium', 'low']);
export const BAND_LABEL = { high: 'High', medium: 'Medium', low: 'Low' };

/**
 * What a prediction means for a student: which way is bad, what a positive contribution does.
 * Regression: a higher score is better (as the server's risk bands assume). Binary
 * classification: the bad outcome is the class the risk bands are about; contributions explain
 * the positive class. Multi-class: contributions explain the predicted class.
 */
export function outcomeOf(model) {
  if (model.task === 'regression') {
    return { kind: 'score', bad: null, positiveHelps: true, valueLabel: `Predicted ${model.target}`, helpsText: 'raises the predicted score', hurtsText: 'lowers the predicted score' };
  }
  const classes = model.classes ?? [];
  const bad = model.risk_bands?.bad_outcome ?? null;
  if (classes.length === 2 && bad !== null) {
    const positiveHelps = model.positive_class !== bad;
    return { kind: 'binary', bad, positiveHelps, valueLabel: `Probability of ${bad}`, helpsText: `lowers the chance of ${bad}`, hurtsText: `raises the chance of ${bad}` };
  }
  return { kind: 'classes', bad: null, positiveHelps: null, valueLabel: 'Probability of the predicted class', helpsText: 'speaks for the predicted class', hurtsText: 'speaks against the predicted class' };
}

/** The number a histogram of risk shows for one prediction: the score, or the probability of the bad outcome. */
export function riskValue(p) {
  const { outcome, model } = state;
  if (outcome.kind === 'score') return typeof p.prediction === 'number' ? p.prediction : Number.NaN;
  if (typeof p.probability !== 'number') return Number.NaN;
  if (outcome.kind === 'binary') return model.positive_class === outcome.bad ? p.probability : 1 - p.probability;
  return p.probability;
}

/** Students per risk band. */
export function bandCounts(predictions) {
  const counts = { high: 0, medium: 0, low: 0 };
  for (const p of predictions) if (p.risk_band in counts) counts[p.risk_band] += 1;
  return counts;
}

/** Students per segment (`seen`), and the segment names in order: the model's first, then any others seen. */
export function segmentCounts(predictions) {
  const named = state.model.segments ?? [];
  const seen = tally(predictions.map((p) => p.segment).filter((v) => v !== undefined));
  const names = [...named, ...[...seen.keys()].filter((n) => !named.includes(n))];
  return { names, seen };
}

/** How often each value occurs, in first-seen order. */
export function tally(values) {
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
