/**
 * Generated params documents (fast-check): known keys with hostile values, stray keys and nodes,
 * anchors and aliases. The params fuzz test (tests/properties/fuzz.test.ts) feeds them to the
 * loader; the JSON Schema agreement test (tests/pipeline/params-json-schema.test.ts) to both.
 */
import fc from 'fast-check';
import { describeParams } from '../../src/pipeline/params-schema.js';

export const PATHS = describeParams().map((row) => row.path);


/** Scalars a hostile or careless params file may hold, as raw YAML flow text. */
export const SCALAR_TOKENS = [
  '1e309', '-1e309', '.inf', '-.inf', '.nan', '.NaN', '-0', '0', '1', '2', '3', '5', '0.5', '-1', '1.5', '64', '65',
  '18446744073709551616', '-18446744073709551616', '9007199254740993', '4294967295', '4294967296', '1e-400',
  '0x10', '0o17', '0b101', '1_000', '+12', '~', 'null', 'Null', 'true', 'false', 'yes', 'no', 'on', 'off',
  '""', "''", '" "', '"\\0"', '"\\uD800"', '"\\uFEFF"', '"\\x00\\xff"', 'x', 'auto', 'none', 'linear', 'ridge', 'f1', 'r2',
  'ks', 'chi2', 'bonferroni', 'student_id', 'math_score', 'data/students.csv', '"> 0.8"', '">= 0.80"', '"<"', '"== -1e309"',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '!!binary aGk=', '!!str 5', '!!float 1', '!!null ""', '!foo bar',
  '!!set {a, b}', '!!omap [a: 1]', '!!map {a: 1}', '!!seq [1]', '__proto__', 'constructor', 'é', '日本', '😀',
  `"${'x'.repeat(300)}"`,
] as const;

/** Every key the schema knows at any level, and some that mean trouble for plain objects. */
export const KEY_TOKENS = [
  ...new Set(PATHS.flatMap((p) => p.split('.'))),
  'linear', 'ridge', 'logistic', 'decision_tree', 'alpha', 'max_depth', 'r2', 'rmse', 'numeric', 'categorical', 'action', 'prediction', 'segment',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '1', '"1"', '0x1', '""', '" "', '"a.b"', '~', 'true',
  'Data', 'dat', 'seeds', 'é', '"\\0"',
] as const;

const ANCHOR_NAMES = ['a', 'b', 'c'] as const;

/** Raw YAML flow nodes: scalars, lists, maps, anchors and aliases (possibly dangling). */
export const { node: yamlNode } = fc.letrec<{ node: string; list: string; map: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SCALAR_TOKENS),
    fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
    fc.constantFrom(...ANCHOR_NAMES).map((a) => `*${a}`),
    tie('list'),
    tie('map'),
    fc.tuple(fc.constantFrom(...ANCHOR_NAMES), tie('node')).map(([a, n]) => `&${a} ${n}`),
  ),
  list: fc.array(tie('node'), { maxLength: 5 }).map((items) => `[${items.join(', ')}]`),
  map: fc.array(fc.tuple(fc.constantFrom(...KEY_TOKENS), tie('node')), { maxLength: 5 }).map((es) => `{${es.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
}));

/** A flow value for one key: mostly scalars and small collections, sometimes anything. */
export const valueToken = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SCALAR_TOKENS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...SCALAR_TOKENS), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`) },
  { weight: 2, arbitrary: fc.array(fc.tuple(fc.constantFrom(...KEY_TOKENS), fc.constantFrom(...SCALAR_TOKENS)), { maxLength: 3 }).map((es) => `{${es.map(([k, v]) => `${k}: ${v}`).join(', ')}}`) },
);

type Tree = { [key: string]: Tree | string };

/** Nested flow text of a tree whose leaves are raw YAML. */
export const flow = (t: Tree | string): string =>
  typeof t === 'string' ? t : `{${Object.entries(t).map(([k, v]) => `${k}: ${flow(v)}`).join(', ')}}`;

/** The two-line params as a tree, with `value` set at each dotted path (later paths win). */
export function treeWith(sets: readonly (readonly [string, string])[]): Tree {
  const root: Tree = { data: { source: 'data/students.csv', target: 'math_score' } };
  for (const [path, value] of sets) {
    const segments = path.split('.');
    let node = root;
    for (const s of segments.slice(0, -1)) {
      const next = node[s];
      if (typeof next !== 'object') node[s] = {};
      node = node[s] as Tree;
    }
    node[segments.at(-1)!] = value;
  }
  return root;
}

/** A params document: known keys with hostile values, stray keys and nodes, anchors and aliases. */
export const paramsDoc = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...PATHS), fc.oneof(valueToken, yamlNode)), { maxLength: 8 }),
    fc.array(fc.tuple(fc.constantFrom(...KEY_TOKENS), yamlNode), { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([sets, stray, block]) => {
    const tree = treeWith(sets);
    const strayText = stray.map(([k, v]) => `${k}: ${v}`);
    if (!block) return `{${[flow(tree).slice(1, -1), ...strayText].filter(Boolean).join(', ')}}\n`;
    // Block style at the top level, flow below it: indentation rules get exercised too.
    return [...Object.entries(tree).map(([k, v]) => `${k}: ${flow(v)}`), ...strayText].join('\n') + '\n';
  });

