/**
 * Scoring a class list: the file input and drop zone post the file (CSV, .xlsx or .parquet) to /v1/predict and show the
 * results; the download button re-posts the same bytes asking for the scored CSV.
 */
import { api, clearError, showError } from './api.js';
import { $, h } from './dom.js';
import { formatBytes, plural } from './format.js';
import { showResults } from './results.js';
import { state } from './state.js';

/** The content type serve reads a picked file as: by its name, as spm reads -i (CSV unless .xlsx or .parquet). */
export function uploadType(name) {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (lower.endsWith('.parquet')) return 'application/vnd.apache.parquet';
  return 'text/csv';
}

async function scoreFile(file) {
  if (!state.model) return; // a drop before the model is loaded: the input is still disabled
  clearError();
  const status = $('status');
  status.textContent = `Scoring ${file.name} (${formatBytes(file.size)})…`;
  $('results').setAttribute('aria-busy', 'true');
  try {
    const bytes = await file.arrayBuffer();
    const type = uploadType(file.name);
    const res = await api('/v1/predict', { method: 'POST', headers: { 'Content-Type': type, Accept: 'application/json' }, body: bytes });
    const result = await res.json();
    state.file = { name: file.name, bytes, type };
    showResults(result);
    status.textContent = `Scored ${plural(result.scored, 'student')} from ${file.name}${result.rejected ? `; ${plural(result.rejected, 'row')} could not be scored (listed below)` : ''}.`;
  } catch (error) {
    status.textContent = `${file.name} was not scored.`;
    showError(error);
  } finally {
    $('results').removeAttribute('aria-busy');
  }
}

/** Re-posts the uploaded bytes asking for CSV: the same bytes `spm predict --explain` writes. */
async function downloadScored() {
  if (!state.file) return;
  clearError();
  const button = /** @type {HTMLButtonElement} */ ($('download'));
  button.disabled = true;
  try {
    const res = await api('/v1/predict', { method: 'POST', headers: { 'Content-Type': state.file.type, Accept: 'text/csv' }, body: state.file.bytes });
    const blob = new Blob([await res.arrayBuffer()], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: 'scored.csv', className: 'visually-hidden' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
}

/** Wires the file input, the drop zone and the download button. */
export function setUpUpload() {
  const input = /** @type {HTMLInputElement} */ ($('file'));
  input.addEventListener('change', () => {
    if (input.files && input.files[0]) void scoreFile(input.files[0]);
    // Cleared, so that choosing the same (edited) file again scores it again.
    input.value = '';
  });
  const zone = $('dropzone');
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file) void scoreFile(file);
  });
  // A file dropped beside the zone would otherwise replace the page.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());
  $('download').addEventListener('click', () => void downloadScored());
}
