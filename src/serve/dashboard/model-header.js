/**
 * The page header once the model is known: which model and version is serving, its test-set
 * metrics, how risk bands and factors are worked out, and which columns an upload needs.
 */
import { $, h } from './dom.js';
import { fmt } from './format.js';
import { BAND_LABEL, BANDS } from './outcome.js';
import { state } from './state.js';

/** Fills the header and the upload help from GET /v1/model (state.outcome must be set). */
export function renderModel(model) {
  const parts = [`Model ${model.model ?? 'unknown'}`, `${model.task} of ${model.target}`, `version ${model.train_id}${model.ref && model.ref !== 'latest' ? ` (${model.ref})` : ''}`];
  const m = model.metrics?.metrics;
  if (m) {
    const shown = model.task === 'regression'
      ? [['R²', m.r2, 3], ['RMSE', m.rmse, 2]]
      : [['ROC-AUC', m.roc_auc, 3], ['accuracy', m.accuracy, 3]];
    const text = shown.filter(([, v]) => typeof v === 'number').map(([name, v, d]) => `${name} ${fmt(v, d)}`).join(', ');
    if (text) parts.push(`on the test set: ${text}`);
  } else {
    parts.push('not evaluated yet (run spm evaluate)');
  }
  const line = $('model-line');
  line.replaceChildren(parts.join(' · '));
  if (model.reload_error) line.append(h('span', { className: 'warn' }, ` — could not switch to the newest version: ${model.reload_error}`));

  const rules = model.risk_bands;
  $('band-rules').replaceChildren(
    ...(rules
      ? [h('dt', {}, 'Based on'), h('dd', {}, rules.basis), ...BANDS.flatMap((b) => [h('dt', {}, h('span', { className: `badge band-${b}` }, BAND_LABEL[b])), h('dd', {}, rules[b])])]
      : [h('dt', {}, 'Risk bands'), h('dd', {}, 'This model has no risk bands (there is no single bad outcome to rank by).')]),
  );
  const o = state.outcome;
  const marks = o.positiveHelps === null ? `A factor that ${o.helpsText} is marked +; one that ${o.hurtsText} −.` : `A factor that ${o.helpsText} is shown as helping (blue, ▲); one that ${o.hurtsText} as hurting (red, ▼).`;
  $('factor-rule').textContent = `Top factors are the three columns that moved a student's prediction most. ${marks} The number in brackets is the column's SHAP value: its share of how far this student's prediction is from the average prediction${o.kind === 'binary' ? `, towards ${model.positive_class}` : ''} (in the model's own unit: points, probability or log-odds).`;
  $('model-details').hidden = false;

  const needed = model.input.filter((c) => c.role === 'feature').map((c) => c.name);
  const optional = model.input.filter((c) => c.role !== 'feature').map((c) => c.name);
  $('upload-help').textContent = `Choose a CSV file with one row per student and a header row. It needs the columns ${needed.join(', ')}${optional.length ? `; ${optional.join(', ')} ${optional.length === 1 ? 'is' : 'are'} used when present` : ''}. Other columns are kept as they are.`;
}
