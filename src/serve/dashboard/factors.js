/**
 * A student's top factors — the columns that moved their prediction most — read as helping or
 * hurting (or, for a multi-class model, for or against the predicted class): as a list for the
 * table and the result card, and counted over all students for the factors chart.
 */
import { h } from './dom.js';
import { signed } from './format.js';
import { state } from './state.js';

/** The factors of one prediction as a list, each marked helps/hurts (or for/against). */
export function factorList(p) {
  const helpsWhenPositive = state.outcome.positiveHelps !== false;
  const neutral = state.outcome.positiveHelps === null;
  return h(
    'ul',
    { className: 'factors' },
    ...(p.factors ?? []).map((f) => {
      const helps = f.contribution > 0 === helpsWhenPositive;
      const kind = neutral ? (f.contribution > 0 ? 'for' : 'against') : helps ? 'helps' : 'hurts';
      const value = f.value === '' ? '(missing)' : f.value;
      return h('li', { className: `factor ${kind}`, title: `${f.column} = ${value} ${helps ? state.outcome.helpsText : state.outcome.hurtsText} (${signed(f.contribution)})` }, `${f.column} = ${value} (${signed(f.contribution)})`);
    }),
  );
}

/** How often each column is among a student's top factors, split by whether it helped or hurt (the ten most frequent). */
export function factorCounts(predictions) {
  const helpsWhenPositive = state.outcome.positiveHelps !== false;
  const byColumn = new Map();
  for (const p of predictions) {
    for (const f of p.factors ?? []) {
      const entry = byColumn.get(f.column) ?? { name: f.column, helps: 0, hurts: 0 };
      if (f.contribution > 0 === helpsWhenPositive) entry.helps += 1;
      else entry.hurts += 1;
      byColumn.set(f.column, entry);
    }
  }
  return [...byColumn.values()].sort((a, b) => b.helps + b.hurts - (a.helps + a.hurts) || a.name.localeCompare(b.name)).slice(0, 10);
}
