/**
 * The educators' dashboard of `spm serve`: upload a class list (or fill in one student), see who
 * is at risk and why, download the scored CSV. Plain ES modules, no dependencies and no build
 * step, so the page works offline under the server's strict CSP (no inline code or styles: the
 * look lives in style.css classes, charts are SVG built with the DOM). The server serves every
 * file of this folder at /<name>, so the modules import each other as './name.js'.
 *
 * This module starts the page: it wires each section, loads the model, and enables the inputs.
 * The sections: api.js (every /v1 call), model-header.js, upload.js, results.js, charts.js,
 * table.js with columns.js, form.js.
 */
import { api, onTokenSubmit, showError } from './api.js';
import { $ } from './dom.js';
import { buildForm, setUpForm } from './form.js';
import { renderModel } from './model-header.js';
import { outcomeOf } from './outcome.js';
import { state } from './state.js';
import { setUpTable } from './table.js';
import { setUpUpload } from './upload.js';

async function start() {
  $('auth-form').addEventListener('submit', onTokenSubmit);
  setUpUpload();
  setUpTable();
  setUpForm();
  try {
    const res = await api('/v1/model');
    const model = await res.json();
    state.model = model;
    state.outcome = outcomeOf(model);
    renderModel(model);
    buildForm(model);
    // Usable once the model is known: results are laid out from it.
    for (const id of ['file', 'score-student']) /** @type {HTMLInputElement} */ ($(id)).disabled = false;
    document.body.classList.add('ready');
  } catch (error) {
    $('model-line').textContent = 'The model could not be loaded.';
    showError(error);
  }
}

void start();
