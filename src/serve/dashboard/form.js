/**
 * The single-student form: one field per input column of the model, posted as one JSON record
 * to /v1/predict, the answer shown as a result card with the prediction and its top factors.
 */
import { api, ApiError, clearError, showError } from './api.js';
import { $, h } from './dom.js';
import { capitalise, fmt } from './format.js';
import { factorList } from './factors.js';
import { BAND_LABEL } from './outcome.js';
import { state } from './state.js';

const ROLE_NOTE = { feature: '', id: 'optional; shown with the result', segment: 'optional; used to place the student in a segment' };

/** The form's fields for the model's input columns: a list for categories, a number box with the training range, text otherwise. */
export function buildForm(model) {
  const fields = model.input.map((column, i) => {
    const id = `in-${i}`;
    const hintId = `${id}-hint`;
    const hints = [];
    let control;
    if (column.type === 'categorical' && column.role !== 'id') {
      control = h('select', { id, name: column.name, 'aria-describedby': hintId }, h('option', { value: '' }, '(missing)'), ...(column.categories ?? []).map((c) => h('option', { value: c }, c)));
    } else if (column.type === 'numeric') {
      control = h('input', { id, name: column.name, type: 'number', step: 'any', inputmode: 'decimal', 'aria-describedby': hintId, placeholder: column.min !== undefined ? `${fmt(column.min, 4)}–${fmt(column.max, 4)}` : null });
      if (column.min !== undefined) hints.push(`seen in training: ${fmt(column.min, 4)} to ${fmt(column.max, 4)}`);
    } else {
      control = h('input', { id, name: column.name, type: 'text', autocomplete: 'off', 'aria-describedby': hintId });
    }
    if (ROLE_NOTE[column.role]) hints.push(ROLE_NOTE[column.role]);
    const hint = hints.length ? h('p', { id: hintId, className: 'hint' }, hints.join('; ')) : null;
    if (!hint) control.removeAttribute('aria-describedby');
    return h('div', { className: `field role-${column.role}` }, h('label', { for: id }, column.name), control, hint);
  });
  $('student-fields').replaceChildren(...fields);
}

/** Wires the form's submit (score) and reset (clear the card). */
export function setUpForm() {
  $('student-form').addEventListener('submit', (event) => void scoreStudent(event));
  $('student-form').addEventListener('reset', () => $('card-region').replaceChildren());
}

/** The form as one record: every input column, an empty field as null, numbers as numbers. */
function formRecord(model) {
  const record = {};
  const problems = [];
  for (const column of model.input) {
    const control = /** @type {HTMLInputElement | HTMLSelectElement} */ ($('student-form').querySelector(`[name="${CSS.escape(column.name)}"]`));
    if (control instanceof HTMLInputElement && control.validity.badInput) problems.push(`${column.name} is not a number`);
    const text = control.value.trim();
    record[column.name] = text === '' ? null : column.type === 'numeric' ? Number(text) : text;
  }
  return { record, problems };
}

async function scoreStudent(event) {
  event.preventDefault();
  clearError();
  const { model } = state;
  if (!model) return;
  const { record, problems } = formRecord(model);
  if (problems.length) return void showError(new ApiError(400, problems.join('; '), 'type a number, or leave the field empty for a missing value'));
  const region = $('card-region');
  region.setAttribute('aria-busy', 'true');
  try {
    const res = await api('/v1/predict', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify([record]) });
    region.replaceChildren(resultCard(await res.json()));
  } catch (error) {
    showError(error);
  } finally {
    region.removeAttribute('aria-busy');
  }
}

function resultCard(result) {
  const p = result.predictions[0];
  if (!p) {
    const reason = result.rejects[0]?.reason ?? 'the server gave no prediction';
    return h('div', { className: 'card card-rejected', id: 'student-card' }, h('h3', {}, 'This student could not be scored'), h('p', {}, capitalise(reason) + '.'));
  }
  const { model, outcome } = state;
  const shown = typeof p.prediction === 'number' ? fmt(p.prediction) : p.prediction;
  const rows = [
    ['Predicted ' + model.target, h('span', { className: 'prediction', 'data-field': 'prediction' }, shown)],
    p.probability !== undefined ? [outcome.kind === 'binary' ? `Probability of ${model.positive_class}` : 'Probability', fmt(p.probability, 2)] : null,
    p.risk_band ? ['Risk band', h('span', { className: `badge band-${p.risk_band}` }, `${BAND_LABEL[p.risk_band] ?? p.risk_band} risk`)] : null,
    p.segment !== undefined ? ['Segment', p.segment] : null,
    p.recommendation !== undefined ? ['Recommendation', p.recommendation] : null,
  ].filter(Boolean);
  const notes = [];
  for (const column of Object.keys(result.unseen_categories)) notes.push(`${column}: a category the model never saw (scored as unknown)`);
  for (const column of Object.keys(result.out_of_range)) notes.push(`${column}: outside the range seen in training`);
  const id = Object.values(p.ids ?? {}).find((v) => v !== '');
  return h(
    'article',
    { className: 'card', id: 'student-card', 'aria-labelledby': 'card-title' },
    h('h3', { id: 'card-title' }, id ? `Result for ${id}` : 'Result'),
    h('dl', { className: 'card-figures' }, ...rows.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v)))),
    h('h4', {}, 'What moved this prediction most'),
    (p.factors ?? []).length ? factorList(p) : h('p', { className: 'muted' }, 'No factor stands out.'),
    notes.length ? h('ul', { className: 'notes' }, ...notes.map((n) => h('li', {}, n))) : null,
  );
}
