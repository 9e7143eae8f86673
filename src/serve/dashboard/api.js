/**
 * Every /v1 call of the dashboard goes through `api()`: it sends the bearer token of a server
 * started with --token-file (kept in this tab's sessionStorage, or in memory where storage is
 * disabled), asks for one with the token prompt on 401, and turns any other failure into an
 * ApiError carrying the server's message and hint. `showError` is the one place such errors
 * (and the page's own bugs) are shown.
 */
import { $, h } from './dom.js';
import { capitalise } from './format.js';

/** A failed API call: HTTP status (0 when the server did not answer), message and hint for people. */
export class ApiError extends Error {
  constructor(status, message, hint) {
    super(message);
    this.status = status;
    this.hint = hint;
  }
}

// ── The token ──

const TOKEN_KEY = 'spm-token';

let memoryToken = null;
let tokenWaiters = [];

function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null; // storage disabled: the token lives in memory only
  }
}

/** Keeps the token for this tab; null forgets it. */
function storeToken(token) {
  memoryToken = token;
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    /* memoryToken still holds it */
  }
}

/** Shows the token prompt; resolves once a token has been entered (shared by concurrent calls). */
function askForToken(reason) {
  $('auth').hidden = false;
  $('auth-reason').textContent = `${capitalise(reason)}. Ask the person who started spm serve for the token in its --token-file; it is kept in this browser tab only.`;
  $('token').focus();
  return new Promise((resolve) => tokenWaiters.push(resolve));
}

/** The prompt's submit: stores the token and lets every waiting call try again. */
export function onTokenSubmit(event) {
  event.preventDefault();
  const value = /** @type {HTMLInputElement} */ ($('token')).value.trim();
  if (!value) return void $('token').focus();
  storeToken(value);
  /** @type {HTMLInputElement} */ ($('token')).value = '';
  $('auth').hidden = true;
  const waiters = tokenWaiters;
  tokenWaiters = [];
  for (const resolve of waiters) resolve();
}

// ── Requests and errors ──

async function errorOf(res) {
  try {
    const body = await res.json();
    if (body && body.error) return new ApiError(res.status, body.error.message, body.error.hint);
  } catch {
    /* not JSON: fall through */
  }
  return new ApiError(res.status, `the server answered ${res.status} ${res.statusText}`);
}

/** fetch() on the API; on 401 asks for the token, then tries again. Throws ApiError otherwise. */
export async function api(path, init = {}) {
  for (;;) {
    const token = storedToken() ?? memoryToken;
    const headers = new Headers(init.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    let res;
    try {
      res = await fetch(path, { ...init, headers });
    } catch {
      throw new ApiError(0, 'The server did not answer.', 'Check that spm serve is still running, then reload this page.');
    }
    if (res.status === 401) {
      const error = await errorOf(res);
      if (token) storeToken(null);
      await askForToken(token ? 'That token was not accepted. Check it and try again.' : error.message);
      continue;
    }
    if (!res.ok) throw await errorOf(res);
    return res;
  }
}

/** Shows an error in the page's alert: an ApiError as the server worded it, anything else as a bug in the page. */
export function showError(error) {
  const alert = $('alert');
  const message = error instanceof ApiError ? error.message : `Something went wrong in this page: ${error instanceof Error ? error.message : String(error)}`;
  const hint = error instanceof ApiError ? error.hint : 'Reload the page; if it happens again, report it with the steps that led here.';
  alert.replaceChildren(h('strong', {}, capitalise(message) + '.'), hint ? h('span', { className: 'hint' }, ` ${capitalise(hint)}.`) : '');
  alert.hidden = false;
}

export function clearError() {
  $('alert').hidden = true;
  $('alert').replaceChildren();
}
