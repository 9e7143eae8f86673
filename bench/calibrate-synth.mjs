#!/usr/bin/env node
// Prints the facts of "Students Performance in Exams" that src/data/synth-calibration.ts is
// calibrated on, so every constant there can be re-derived:
//   node bench/calibrate-synth.mjs            # the real data: ../shared/data/stud.csv
//   node bench/calibrate-synth.mjs some.csv   # the same facts for any CSV with these columns
//   node bench/calibrate-synth.mjs --json     # the facts as one JSON document
// Sections: A shares, B score summary, C correlations, D group means, E additive OLS effects,
// F residual one-factor model, G associations between categories, H linear R² for math.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CATEGORIES = ['gender', 'race_ethnicity', 'parental_level_of_education', 'lunch', 'test_preparation_course'];
const SCORES = ['math_score', 'reading_score', 'writing_score'];
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const file = args.find((a) => a !== '--json') ?? fileURLToPath(new URL('../../shared/data/stud.csv', import.meta.url));

/** Minimal RFC 4180 reader (quoted fields, doubled quotes); enough for these files. */
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

const [header, ...body] = parseCsv(readFileSync(file, 'utf8'));
const n = body.length;
const col = (name) => { const j = header.indexOf(name); return body.map((r) => r[j]); };
const cats = Object.fromEntries(CATEGORIES.map((c) => [c, col(c)]));
const levels = Object.fromEntries(CATEGORIES.map((c) => [c, [...new Set(cats[c])].sort()]));
const scores = Object.fromEntries(SCORES.map((s) => [s, col(s).map(Number)]));

const mean = (x) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x) => { const m = mean(x); return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1)); };
// Adjusted Fisher–Pearson skewness (pandas Series.skew).
const skew = (x) => {
  const m = mean(x), k = x.length;
  const m2 = x.reduce((a, b) => a + (b - m) ** 2, 0) / k, m3 = x.reduce((a, b) => a + (b - m) ** 3, 0) / k;
  return (Math.sqrt(k * (k - 1)) / (k - 2)) * (m3 / m2 ** 1.5);
};
const cov = (x, y) => { const mx = mean(x), my = mean(y); let s = 0; for (let i = 0; i < x.length; i++) s += (x[i] - mx) * (y[i] - my); return s / (x.length - 1); };
const corr = (x, y) => cov(x, y) / (sd(x) * sd(y));
const r = (v, d = 3) => Number(v.toFixed(d));

/** Solves (XᵀX) b = Xᵀy by Gaussian elimination with partial pivoting (normal equations). */
function leastSquares(X, y) {
  const p = X[0].length, A = Array.from({ length: p }, () => new Array(p + 1).fill(0));
  for (let i = 0; i < X.length; i++) for (let a = 0; a < p; a++) {
    A[a][p] += X[i][a] * y[i];
    for (let b = 0; b < p; b++) A[a][b] += X[i][a] * X[i][b];
  }
  for (let c = 0; c < p; c++) {
    let best = c; for (let k = c + 1; k < p; k++) if (Math.abs(A[k][c]) > Math.abs(A[best][c])) best = k;
    [A[c], A[best]] = [A[best], A[c]];
    for (let k = 0; k < p; k++) if (k !== c) { const f = A[k][c] / A[c][c]; for (let j = c; j <= p; j++) A[k][j] -= f * A[c][j]; }
  }
  return A.map((rowA, c) => rowA[p] / rowA[c]);
}
const predict = (X, b) => X.map((x) => x.reduce((s, v, j) => s + v * b[j], 0));
const r2 = (y, yhat) => { const m = mean(y); let ss = 0, st = 0; for (let i = 0; i < y.length; i++) { ss += (y[i] - yhat[i]) ** 2; st += (y[i] - m) ** 2; } return 1 - ss / st; };

// Treatment coding, reference level = first level in sorted order.
const dummies = (i) => CATEGORIES.flatMap((c) => levels[c].slice(1).map((l) => (cats[c][i] === l ? 1 : 0)));
const design = body.map((_, i) => [1, ...dummies(i)]);
const termNames = ['intercept', ...CATEGORIES.flatMap((c) => levels[c].slice(1).map((l) => `${c}=${l}`))];

const facts = { file, rows: n, shares: {}, scores: {}, correlations: {}, groupMeans: {}, effects: {}, residual: {}, cramersV: {}, mathR2: {} };
for (const c of CATEGORIES) facts.shares[c] = Object.fromEntries(levels[c].map((l) => [l, r(cats[c].filter((v) => v === l).length / n)]));
for (const s of SCORES) {
  const x = scores[s];
  facts.scores[s] = { mean: r(mean(x), 2), sd: r(sd(x), 2), skew: r(skew(x)), min: x.reduce((a, b) => Math.min(a, b)), max: x.reduce((a, b) => Math.max(a, b)), at100: x.filter((v) => v === 100).length };
}
for (let a = 0; a < 3; a++) for (let b = a + 1; b < 3; b++) facts.correlations[`${SCORES[a]}~${SCORES[b]}`] = r(corr(scores[SCORES[a]], scores[SCORES[b]]));
for (const c of CATEGORIES) facts.groupMeans[c] = Object.fromEntries(levels[c].map((l) => [l, SCORES.map((s) => r(mean(scores[s].filter((_, i) => cats[c][i] === l)), 2))]));

const residuals = {};
for (const s of SCORES) {
  const b = leastSquares(design, scores[s]);
  facts.effects[s] = Object.fromEntries(termNames.map((t, j) => [t, r(b[j], 2)]));
  const fit = predict(design, b);
  residuals[s] = scores[s].map((v, i) => v - fit[i]);
}
// One-factor model of the residual covariance (exactly identified with three scores):
// λ_m² = c_mr·c_mw / c_rw, λ_r = c_mr / λ_m, λ_w = c_mw / λ_m, unique variance = c_ss − λ_s².
const [m, rd, w] = SCORES.map((s) => residuals[s]);
const cmr = cov(m, rd), cmw = cov(m, w), crw = cov(rd, w);
const lm = Math.sqrt((cmr * cmw) / crw), loadings = [lm, cmr / lm, cmw / lm];
facts.residual = {
  sd: SCORES.map((s) => r(sd(residuals[s]), 3)),
  skew: SCORES.map((s) => r(skew(residuals[s]), 3)),
  correlations: [r(corr(m, rd)), r(corr(m, w)), r(corr(rd, w))],
  loadings: loadings.map((v) => r(v, 3)),
  uniqueSd: SCORES.map((s, k) => r(Math.sqrt(Math.max(0, cov(residuals[s], residuals[s]) - loadings[k] ** 2)), 3)),
  // How much writing moves per point of reading when math is held fixed (the lower_reading shift).
  writingOnReadingGivenMath: [r(leastSquares(m.map((v, i) => [1, rd[i], v]), w)[1], 3)],
};

for (let a = 0; a < CATEGORIES.length; a++) for (let b = a + 1; b < CATEGORIES.length; b++) {
  const ca = CATEGORIES[a], cb = CATEGORIES[b];
  let chi = 0;
  for (const la of levels[ca]) for (const lb of levels[cb]) {
    const na = cats[ca].filter((v) => v === la).length, nb = cats[cb].filter((v) => v === lb).length;
    const obs = cats[ca].filter((v, i) => v === la && cats[cb][i] === lb).length, exp = (na * nb) / n;
    chi += (obs - exp) ** 2 / exp;
  }
  facts.cramersV[`${ca}~${cb}`] = r(Math.sqrt(chi / (n * (Math.min(levels[ca].length, levels[cb].length) - 1))));
}

// Math from every other column: in-sample R² and 5-fold CV (fold = row index mod 5).
const mathX = body.map((_, i) => [1, ...dummies(i), scores.reading_score[i], scores.writing_score[i]]);
const y = scores.math_score;
facts.mathR2.inSample = r(r2(y, predict(mathX, leastSquares(mathX, y))));
const foldR2 = [0, 1, 2, 3, 4].map((f) => {
  const tr = mathX.map((_, i) => i).filter((i) => i % 5 !== f), te = mathX.map((_, i) => i).filter((i) => i % 5 === f);
  const b = leastSquares(tr.map((i) => mathX[i]), tr.map((i) => y[i]));
  return r2(te.map((i) => y[i]), predict(te.map((i) => mathX[i]), b));
});
facts.mathR2.cv5 = r(mean(foldR2));

if (asJson) { console.log(JSON.stringify(facts, null, 2)); process.exit(0); }
const section = (t) => console.log(`\n== ${t}`);
console.log(`${file}: ${n} rows`);
section('A category shares');
for (const c of CATEGORIES) console.log(`${c}: ${Object.entries(facts.shares[c]).map(([l, v]) => `${l}=${v}`).join(', ')}`);
section('B scores: mean, sd, skew (pandas), min, max, count of 100');
for (const s of SCORES) console.log(`${s}: ${Object.entries(facts.scores[s]).map(([k, v]) => `${k}=${v}`).join(' ')}`);
section('C correlations (Pearson)');
for (const [k, v] of Object.entries(facts.correlations)) console.log(`${k}: ${v}`);
section('D group means [math, reading, writing]');
for (const c of CATEGORIES) for (const [l, v] of Object.entries(facts.groupMeans[c])) console.log(`${c}=${l}: ${v.join(', ')}`);
section('E additive OLS effects per score (treatment coding, reference = first sorted level)');
for (const t of termNames) console.log(`${t}: ${SCORES.map((s) => facts.effects[s][t]).join(', ')}`);
section('F OLS residuals [math, reading, writing]: sd, skew, corr (m~r, m~w, r~w), one-factor loadings, unique sd');
for (const [k, v] of Object.entries(facts.residual)) console.log(`${k}: ${v.join(', ')}`);
section("G associations between categories (Cramér's V)");
for (const [k, v] of Object.entries(facts.cramersV)) console.log(`${k}: ${v}`);
section('H linear model for math_score on all other columns: R²');
console.log(`in-sample: ${facts.mathR2.inSample}  5-fold CV (fold = row mod 5): ${facts.mathR2.cv5}`);
