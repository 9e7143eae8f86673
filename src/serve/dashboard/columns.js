/**
 * The scored table's columns for one result: the ones it has (row, ids, prediction,
 * probability, risk band, segment and recommendation, top factors), each with the value it
 * sorts by and the cell it shows.
 */
import { h } from './dom.js';
import { fmt } from './format.js';
import { factorList } from './factors.js';
import { BAND_LABEL } from './outcome.js';
import { state } from './state.js';

// High risk first when sorted ascending; a missing band last.
const BAND_RANK = { high: 0, medium: 1, low: 2 };

/** The table's columns for a result: what it has (ids, probability, bands, segments). */
export function columnsFor(result) {
  const { predictions } = result;
  const { model, outcome } = state;
  const ids = [...new Set(predictions.slice(0, 100).flatMap((p) => Object.keys(p.ids ?? {})))];
  const has = (key) => predictions.some((p) => p[key] !== undefined);
  const numericPrediction = model.task === 'regression';
  const columns = [
    { key: 'row', label: 'Row', numeric: true, align: 'num', value: (p) => p.row, cell: (p) => p.row },
    ...ids.map((name) => ({ key: `id:${name}`, label: name, numeric: false, value: (p) => p.ids?.[name] ?? '', cell: (p) => p.ids?.[name] ?? '' })),
    {
      key: 'prediction',
      label: `Predicted ${model.target}`,
      numeric: numericPrediction,
      align: numericPrediction ? 'num' : null,
      value: (p) => p.prediction,
      cell: (p) => (typeof p.prediction === 'number' ? fmt(p.prediction) : p.prediction),
    },
  ];
  if (has('probability')) {
    const label = outcome.kind === 'binary' ? `P(${model.positive_class})` : 'Probability';
    columns.push({ key: 'probability', label, numeric: true, align: 'num', value: (p) => p.probability ?? Number.NaN, cell: (p) => (p.probability === undefined ? '' : fmt(p.probability, 2)) });
  }
  if (has('risk_band')) {
    columns.push({ key: 'risk_band', label: 'Risk band', numeric: true, value: (p) => BAND_RANK[p.risk_band] ?? 3, cell: (p) => h('span', { className: `badge band-${p.risk_band}` }, BAND_LABEL[p.risk_band] ?? p.risk_band) });
  }
  if (has('segment')) {
    columns.push({ key: 'segment', label: 'Segment', numeric: false, value: (p) => p.segment ?? '', cell: (p) => p.segment ?? '' });
    columns.push({ key: 'recommendation', label: 'Recommendation', numeric: false, value: (p) => p.recommendation ?? '', cell: (p) => p.recommendation ?? '' });
  }
  columns.push({ key: 'top_factors', label: 'Top factors', sortable: false, cell: factorList });
  return columns;
}
