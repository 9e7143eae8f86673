/**
 * Hostile input (issue 7, item 4): the params loader, the `-S` parser and the CSV reader are
 * fuzzed with property-based tests (fast-check, fixed seeds, bounded runs). The rule: whatever
 * the input, a call returns a value or throws an SpmError (never another error: that would be
 * a stack trace and exit 70), the message a person reads stays short, and no CSV record is lost
 * (kept + rejected = records, every reject with its line). Then a few fuzzed inputs go through
 * the built CLI: exit codes 0–4 only, no "internal error", no stack-trace line.
 */
import { AUTO_CSV, CANONICAL, DELIMITERS, type CsvParams } from '../../src/data/csv-dialect.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSpmError, type SpmError } from '../../src/errors.js';
import { applyOverride, loadParams, parseParamsText, validateParams, type LoadedParams } from '../../src/pipeline/params.js';
import { describeParams } from '../../src/pipeline/params-schema.js';
import { MAX_FIELD_CHARS, parseCsv } from '../../src/data/csv-parse.js';
import { readCsvTable, readCsvText } from '../../src/data/csv-source.js';
import type { ColumnSpec, RowReject } from '../../src/data/to-table.js';
import { runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';
import { KEY_TOKENS, PATHS, SCALAR_TOKENS, flow, paramsDoc, treeWith, valueToken, yamlNode } from '../helpers/params-docs.js';

/**
 * The longest message (and, separately, hint) a person should get for one failure. Generous for
 * the ~40 problems a params file can honestly have; what it rules out is a message that grows
 * with the input (a bomb, 100,000 problems, a 1 MB key echoed back).
 */
const MAX_MESSAGE = 16_384;
const STACK_LINE = /^\s+at /m;
const FILE = join(tmpdir(), 'spm-fuzz', 'params.yaml');
const BASE = 'data:\n  source: data/students.csv\n  target: math_score\n';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: SpmError };

/** The outcome of `fn`: a value or an SpmError. Any other throw fails the test (it would be exit 70). */
function outcome<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (isSpmError(e)) return { ok: false, error: e };
    throw new Error(`not an SpmError, so exit 70 with a stack trace: ${describeThrown(e)}`);
  }
}

async function outcomeAsync<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (isSpmError(e)) return { ok: false, error: e };
    throw new Error(`not an SpmError, so exit 70 with a stack trace: ${describeThrown(e)}`);
  }
}

const describeThrown = (e: unknown): string => (e instanceof Error ? `${e.constructor.name}: ${e.message.slice(0, 300)}` : String(e));

/** What every SpmError owes its reader: a short message and hint, no stack, a documented exit code. */
function expectReadable(error: SpmError, exitCodes: readonly number[], label = ''): void {
  expect(error.message.length, `${label} message length`).toBeGreaterThan(0);
  expect(error.message.length, `${label} message length`).toBeLessThanOrEqual(MAX_MESSAGE);
  expect((error.hint ?? '').length, `${label} hint length`).toBeLessThanOrEqual(MAX_MESSAGE);
  expect(STACK_LINE.test(error.message) || STACK_LINE.test(error.hint ?? ''), `${label} stack line in message`).toBe(false);
  expect(exitCodes, `${label} exit code`).toContain(error.exitCode);
}

const load = (text: string, overrides: readonly string[] = []): Outcome<LoadedParams> => outcome(() => parseParamsText(text, FILE, overrides));

/** A params file or -S value refused, with a message and hint of at most MAX_MESSAGE characters (soft: every case is reported). */
function expectShortRefusal(label: string, result: Outcome<LoadedParams>): void {
  expect(result.ok, label).toBe(false);
  if (result.ok) return;
  expect.soft(result.error.message.length, `${label}: message`).toBeLessThanOrEqual(MAX_MESSAGE);
  expect.soft((result.error.hint ?? '').length, `${label}: hint`).toBeLessThanOrEqual(MAX_MESSAGE);
}

/** Every number anywhere in `v` (validated params must never hold NaN or ±Infinity). */
function numbersIn(v: unknown, out: number[] = []): number[] {
  if (typeof v === 'number') out.push(v);
  else if (Array.isArray(v)) for (const x of v) numbersIn(x, out);
  else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) numbersIn(x, out);
  return out;
}

/** A validated params object: only finite numbers, the schema's sections, frozen. */
function expectSaneParams(loaded: LoadedParams): void {
  expect(numbersIn(loaded.params).filter((n) => !Number.isFinite(n))).toEqual([]);
  expect(Object.keys(loaded.params)).toEqual(['data', 'split', 'features', 'transform', 'train', 'evaluate', 'drift', 'segments', 'predict', 'monitor', 'artifacts']);
  expect(Object.isFrozen(loaded.params.train.models)).toBe(true);
}

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
function expectPrototypeUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

// ---- YAML generators: paramsDoc, valueToken and yamlNode are in tests/helpers/params-docs.ts ----

/** YAML-significant fragments and a few known keys, glued at random: mostly broken YAML. */
const SOUP = [
  '\n', '\r\n', '\r', '  ', '\t', '- ', ': ', ':', '[', ']', '{', '}', ', ', '&a ', '*a', '&b ', '*b', '? ', '|', '|-\n', '>', '"', "'", '#', '\\',
  '---\n', '...\n', '%YAML 1.1\n', '%TAG !x! tag:x,2000:\n', '!!str ', '!!binary ', '!x!y ', '<<: ', '\0', '\uFEFF', '\uD800', '\uDFFF', '\u2028', '\u0085',
  'data', 'source', 'target', 'split', 'seed', 'train', 'models', 'ridge', 'alpha', 'gates', 'r2', '>= 0.8', '1e309', '.nan', '0x10', 'x', '1',
] as const;
const yamlSoup = fc
  .tuple(fc.boolean(), fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...SOUP) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) }), { maxLength: 60 }))
  .map(([withBase, parts]) => (withBase ? BASE : '') + parts.join(''));

// ---- -S generators ----

const keySegment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KEY_TOKENS.filter((k) => !k.startsWith('"'))) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'a b', '__proto__', 'constructor', 'prototype', '0', '-1', '..', '=', '\t', '😀') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 5 }) },
);
const overridePath = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PATHS) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...PATHS), fc.array(keySegment, { maxLength: 3 })).map(([p, extra]) => [p, ...extra].join('.')) },
  { weight: 2, arbitrary: fc.array(keySegment, { minLength: 1, maxLength: 5 }).map((s) => s.join('.')) },
);
const overrideValue = fc.oneof(valueToken, yamlNode, fc.constantFrom(...SOUP), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('', '>= 0.9', '<', '== x', ' >=1', '=', '=='));
const overrideExpr = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(overridePath, fc.constantFrom('=', ' = ', '=='), overrideValue).map(([p, eq, v]) => `${p}${eq}${v}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);

describe('params loader: any YAML text → params or an SpmError (fast-check)', () => {
  it('generated documents: known keys with hostile values, stray keys, anchors and aliases', () => {
    let accepted = 0;
    fc.assert(
      fc.property(paramsDoc, (text) => {
        const result = load(text);
        if (result.ok) {
          accepted++;
          expectSaneParams(result.value);
        } else {
          expectReadable(result.error, [1], JSON.stringify(text).slice(0, 200));
        }
        expectPrototypeUntouched();
      }),
      { seed: 701, numRuns: 300 },
    );
    // The generator must reach validation, not only YAML errors: some documents are valid.
    expect(accepted).toBeGreaterThan(5);
  });

  it('YAML soup: indicators, directives, tags, BOM, NUL, lone surrogates and line separators glued at random', () => {
    fc.assert(
      fc.property(yamlSoup, (text) => {
        const result = load(text);
        if (result.ok) expectSaneParams(result.value);
        else expectReadable(result.error, [1]);
        expectPrototypeUntouched();
      }),
      { seed: 702, numRuns: 400 },
    );
  });

  it('a wrong value at any known key (from describeParams) is accepted, or rejected naming that key', () => {
    let accepted = 0;
    let named = 0;
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), valueToken, (path, value) => {
        const result = load(flow(treeWith([[path, value]])));
        if (result.ok) {
          accepted++;
          expectSaneParams(result.value);
          expect(result.value.explicit.has(path)).toBe(true);
          return;
        }
        expectReadable(result.error, [1]);
        // A value that is valid YAML but wrong for the key: the message names the dotted path.
        if (result.error.code === 'PARAMS_INVALID') {
          named++;
          expect(result.error.message).toContain(path);
        }
      }),
      { seed: 703, numRuns: 400 },
    );
    expect(accepted).toBeGreaterThan(20);
    expect(named).toBeGreaterThan(200);
  });

  it('huge and odd numbers at every numeric key: accepted only as finite numbers in range, else rejected naming the key', () => {
    const numeric = describeParams().filter((r) => /^(auto \| |null \| (iqr \| )?)?(integer|number)\b/.test(r.type)).map((r) => r.path);
    expect(numeric).toHaveLength(14);
    const tokens = ['1e309', '-1e309', '.inf', '-.inf', '.nan', '-0', '18446744073709551616', '-18446744073709551616', '9007199254740993',
      '4294967296', '1e-400', '0x10', '0o17', '1_000', '+12', '0.1e1', '"5"', '[5]', '{v: 5}', 'true'];
    for (const path of numeric) {
      for (const token of tokens) {
        const result = load(flow(treeWith([[path, token]])));
        if (result.ok) {
          expectSaneParams(result.value);
          const value = path.split('.').reduce<unknown>((node, s) => (node as Record<string, unknown>)[s], result.value.params);
          expect(typeof value === 'number' ? Number.isFinite(value) : value === 'auto' || value === null, `${path}: ${token}`).toBe(true);
        } else {
          expectReadable(result.error, [1], `${path}: ${token}`);
          expect(result.error.message, `${path}: ${token}`).toContain(path);
        }
      }
    }
  });

  it('duplicate keys, however spelled, at any level: a YAML error, never a silent last-wins', () => {
    const spell = fc.constantFrom((k: string) => k, (k: string) => `'${k}'`, (k: string) => `"${k}"`);
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), spell, spell, fc.constantFrom(...SCALAR_TOKENS.slice(0, 20)), (path, s1, s2, value) => {
        // The leaf twice in its parent map (which replaces that section: the duplicate is the point).
        const segments = path.split('.');
        const leaf = segments.at(-1)!;
        const result = load(flow(treeWith([[segments.slice(0, -1).join('.'), `{${s1(leaf)}: ${value}, ${s2(leaf)}: ${value}}`]])));
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expectReadable(result.error, [1]);
        expect(result.error.code).toBe('PARAMS_YAML');
        expect(result.error.message).toContain('Map keys must be unique');
      }),
      { seed: 704, numRuns: 200 },
    );
  });

  it('any bytes in the params file (non-UTF-8, BOM, NUL, CR): params or an SpmError, through loadParams', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spm-fuzz-params-'));
    try {
      const special = fc.constantFrom(
        [0x00], [0xff], [0xfe, 0xff], [0xef, 0xbb, 0xbf], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x0d], [0x0a], [0x09], [0x85],
      );
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 200 }),
        fc.tuple(fc.nat(), fc.array(special, { minLength: 1, maxLength: 4 })).map(([at, inserts]) => {
          const base = Buffer.from(`${BASE}split: { seed: 7 }\n`);
          const cut = at % (base.length + 1);
          return Buffer.concat([base.subarray(0, cut), Buffer.from(inserts.flat()), base.subarray(cut)]);
        }),
      );
      let n = 0;
      await fc.assert(
        fc.asyncProperty(bytes, async (content) => {
          const file = join(dir, `p${n++}.yaml`);
          writeFileSync(file, content);
          const result = await outcomeAsync(() => loadParams(file, []));
          if (result.ok) expectSaneParams(result.value);
          else expectReadable(result.error, [1]);
        }),
        { seed: 705, numRuns: 200 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('-S key.path=value: any string → params or an SpmError (fast-check)', () => {
  it('arbitrary and key=value-shaped overrides, several at once', () => {
    fc.assert(
      fc.property(fc.array(overrideExpr, { maxLength: 4 }), (exprs) => {
        const result = load(BASE, exprs);
        if (result.ok) expectSaneParams(result.value);
        else expectReadable(result.error, [1, 2], JSON.stringify(exprs).slice(0, 300));
        expectPrototypeUntouched();
      }),
      { seed: 711, numRuns: 500 },
    );
  });

  it('a wrong value for any known key is rejected naming the key (exit 1, or 2 when it is not YAML)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), fc.oneof(valueToken, yamlNode), (path, value) => {
        const result = load(BASE, [`${path}=${value}`]);
        if (result.ok) {
          expectSaneParams(result.value);
          expect(result.value.explicit.has(path)).toBe(true);
          return;
        }
        expectReadable(result.error, [1, 2]);
        expect(result.error.message).toContain(path);
      }),
      { seed: 712, numRuns: 400 },
    );
  });

  it('applyOverride on any JSON value: a copy or an SpmError, and the input is never changed', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), overrideExpr, (raw, expr) => {
        const before = JSON.stringify(raw);
        const result = outcome(() => applyOverride(raw, expr));
        if (!result.ok) expectReadable(result.error, [2]);
        else expect(result.value).not.toBe(raw);
        expect(JSON.stringify(raw)).toBe(before);
        expectPrototypeUntouched();
      }),
      { seed: 713, numRuns: 300 },
    );
  });
});

describe('params loader: hand-made hostile documents', () => {
  const DEEP_PATH = Array(10_000).fill('a').join('.');
  const deep = (open: string, close: string, n: number, inner = '1'): string => open.repeat(n) + inner + close.repeat(n);
  const blockMaps = (n: number): string => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n';
  const blockSeqs = (n: number): string => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}-`).join('\n') + ' 1\n';

  it('deep nesting (10,000 levels of [[…]] and {a:{a:…}}, thousands of block levels): an SpmError, never a stack overflow', () => {
    const cases: [string, string, string[]][] = [
      ['10,000 [[…]] under a stray key', `${BASE}x: ${deep('[', ']', 10_000)}\n`, []],
      ['10,000 {a:{a:…}} under a stray key', `${BASE}x: ${deep('{a: ', '}', 10_000)}\n`, []],
      ['10,000 [[…]] at data.target', BASE.replace('math_score', deep('[', ']', 10_000)), []],
      ['10,000 {a:…} at train.models', `${BASE}train: { models: ${deep('{a: ', '}', 10_000)} }\n`, []],
      ['2,000 levels of block maps', `${BASE}x:\n${blockMaps(2000).replace(/^/gm, '  ')}`, []],
      ['2,000 levels of block sequences', `${BASE}x:\n${blockSeqs(2000).replace(/^/gm, '  ')}`, []],
      ['a self-referencing alias', `${BASE}x: &a [*a]\n`, []],
      ['-S value: 10,000 [[…]]', BASE, [`train.cv.folds=${deep('[', ']', 10_000)}`]],
      ['-S value: 10,000 {a:…} below a model grid', BASE, [`train.models.ridge=${deep('{a: ', '}', 10_000)}`]],
    ];
    for (const [label, text, overrides] of cases) {
      const result = load(text, overrides);
      expect(result.ok, label).toBe(false);
      if (!result.ok) expectReadable(result.error, [1, 2], label);
    }
    // A -S path of 10,000 segments is refused as a usage error (its message length: see 'a message cuts what it echoes').
    for (const expr of [`${DEEP_PATH}=1`, `train.models.ridge.${DEEP_PATH}=1`]) {
      const result = load(BASE, [expr]);
      expect(result.ok ? 'accepted' : result.error.exitCode).toBe(2);
    }
  });

  it('alias bombs ("billion laughs") in maps, keys, flow and -S values: refused at once, with a short message', () => {
    const names = 'abcdefghij';
    const levels = (open: string, close: string, item: (ref: string, i: number) => string): string[] => {
      const lines = [`a: &a ${open}${Array.from({ length: 10 }, (_, i) => item('lol', i)).join(', ')}${close}`];
      for (let k = 1; k < names.length; k++) {
        lines.push(`${names[k]}: &${names[k]} ${open}${Array.from({ length: 10 }, (_, i) => item(`*${names[k - 1]}`, i)).join(', ')}${close}`);
      }
      return lines;
    };
    const inMaps = levels('{', '}', (ref, i) => `k${i}: ${ref}`);
    const inLists = levels('[', ']', (ref) => ref);
    const oneLine = `{${inLists.join(', ')}}`;
    const cases: [string, string, string[]][] = [
      ['maps of maps', `${BASE}${inMaps.join('\n')}\n`, []],
      ['lists under a known key', `${BASE}segments:\n  names: ${oneLine}\n`, []],
      ['aliases in explicit keys', `${BASE}a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [${Array(10).fill('*a').join(', ')}]\nc: &c {${Array.from({ length: 10 }, (_, i) => `? [${i}, *b]: ${i}`).join(', ')}}\nd: [${Array(10).fill('*c').join(', ')}]\n`, []],
      ['-S value', BASE, [`segments.names=${oneLine}`]],
      ['-S value below a model grid', BASE, [`train.models.ridge.alpha=${oneLine}`]],
    ];
    for (const [label, text, overrides] of cases) {
      const result = load(text, overrides);
      expect(result.ok, label).toBe(false);
      if (!result.ok) {
        expectReadable(result.error, [1, 2], label);
        expect(result.error.message, label).toMatch(/^(params\.yaml|-S [\w.]+): YAML aliases expand too much \(more than 100 references\); refusing to load it$/);
      }
    }
  });

  it('NUL, BOM, lone surrogates, NEL and line separators inside and around values', () => {
    const cases = [
      `\uFEFF${BASE}`, `${BASE}\0`, `${BASE}split: { seed: "\0" }\n`, `${BASE}\uFEFFsplit: {}\n`, BASE.replace('math_score', '"\\uD800"'),
      BASE.replace('math_score', '\uD800'), BASE.replace('math_score', 'a\u2028b'), BASE.replace('math_score', 'a\u0085b'),
      `${BASE}split:\u2028  seed: 1\n`, BASE.replace(/\n/g, '\r'), BASE.replace(/\n/g, '\r\n'), `${BASE}\t\n`, '\0', '\uFEFF', '',
    ];
    for (const text of cases) {
      const result = load(text);
      if (result.ok) expectSaneParams(result.value);
      else expectReadable(result.error, [1], JSON.stringify(text));
    }
  });
});

// ---- Limits found by fuzzing: many problems, long echoes, aliases. Each case is labelled, and
// checked with expect.soft so that every case that breaks the rule is reported at once. ----

describe('params loader: limits that hostile input finds', () => {
  it('a list with 200,000 wrong entries is an SpmError, not a RangeError from spreading the issues into push (exit 70)', () => {
    const raw = { data: { source: 'a.csv', target: 'y', drop: Array(200_000).fill(1) } };
    let thrown: unknown;
    try {
      const { issues } = validateParams(raw);
      expect(issues.length).toBeGreaterThan(0);
    } catch (e) {
      thrown = e;
    }
    expect.soft(thrown === undefined, `validateParams: ${describeThrown(thrown)}`).toBe(true);
    // The same through a params file (about 320 KB): `spm run` exits 70 with a stack trace on it.
    thrown = undefined;
    try {
      parseParamsText(BASE.replace('math_score\n', `math_score\n  drop: [${Array(160_000).fill('1').join(',')}]\n`), FILE, []);
    } catch (e) {
      thrown = e;
    }
    expect.soft(isSpmError(thrown), `params file: ${describeThrown(thrown)}`).toBe(true);
  });

  it('a message stays short however many problems the file has', () => {
    const cases: [string, string][] = [
      ['1,000 unknown keys', `${BASE}${Array.from({ length: 1000 }, (_, i) => `k${i}: 1`).join('\n')}\n`],
      ['1,000 duplicate keys', `${BASE}${Array.from({ length: 1000 }, () => 'k: 1').join('\n')}\n`],
      ['10,000 unclosed [', '['.repeat(10_000)],
      ['1,000 wrong entries in data.drop', BASE.replace('math_score\n', `math_score\n  drop: [${Array(1000).fill('1').join(',')}]\n`)],
      ['1,000 bad data.bounds columns (one hint each)', BASE.replace('math_score\n', `math_score\n  bounds: {${Array.from({ length: 1000 }, (_, i) => `c${i}: 1`).join(', ')}}\n`)],
    ];
    for (const [label, text] of cases) expectShortRefusal(label, load(text));
  });

  it('a message cuts what it echoes: a 20,000-character key, -S expression or value is not printed back whole', () => {
    const long = 'x'.repeat(20_000);
    const cases: [string, string, string[]][] = [
      ['-S without "="', BASE, [long]],
      ['-S unknown key', BASE, [`${long}=1`]],
      ['-S unknown key below a section', BASE, [`train.${long}=1`]],
      ['-S path of 10,000 segments', BASE, [`${Array(10_000).fill('a').join('.')}=1`]],
      ['-S path of 10,000 segments below a model grid', BASE, [`train.models.ridge.${Array(10_000).fill('a').join('.')}=1`]],
      ['unknown top-level key (explicit ? key)', `${BASE}? ${long}\n: 1\n`, []],
      ['unknown model name', `${BASE}train: { models: [${long}] }\n`, []],
      ['unknown gate metric', `${BASE}evaluate: { gates: { ${long}: ">= 1" } }\n`, []],
      ['a prediction that is not a condition', `${BASE}segments: { recommendations: [{ action: go, prediction: "<${long}" }] }\n`, []],
      ['a rule with 3,000 unknown keys', `${BASE}segments: { recommendations: [{ action: go, ${Array.from({ length: 3000 }, (_, i) => `k${i}: 1`).join(', ')} }] }\n`, []],
    ];
    for (const [label, text, overrides] of cases) expectShortRefusal(label, load(text, overrides));
  });

  it('aliases cannot amplify a message: 99 references to one anchored string or map stay one short message', () => {
    // Within the 100-alias limit, each reference is expanded again into the issue list.
    const text = 'x'.repeat(20_000);
    const prediction = `${BASE}segments:\n  recommendations: [{action: go, prediction: &p "<${text}"}, ${Array(99).fill('{action: go, prediction: *p}').join(', ')}]\n`;
    const keys = Array.from({ length: 1000 }, (_, i) => `k${i}: 1`).join(', ');
    const rule = `${BASE}segments:\n  recommendations: [&r {action: go, ${keys}}, ${Array(99).fill('*r').join(', ')}]\n`;
    for (const [label, doc] of [['an anchored prediction', prediction], ['an anchored rule with 1,000 keys', rule]] as const) {
      const result = load(doc);
      expect(result.ok, label).toBe(false);
      if (result.ok) continue;
      expect.soft(result.error.message.length, `${label}: ${doc.length} characters of YAML`).toBeLessThanOrEqual(MAX_MESSAGE);
    }
  });
});

// ---- CSV ----

async function* chunksOf(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const p of [...points, bytes.length]) {
    yield bytes.subarray(from, p);
    from = p;
  }
}

interface TableRead {
  header: string[];
  kept: number[];
  rejects: RowReject[];
  rows: number;
}

/** Streams `bytes` (cut at `cuts`) through readCsvTable as stdin; collects kept lines and rejects. */
/**
 * Read as `csv` says: by default strict UTF-8 comma CSV with its first line the header, the
 * reader the oracles below know (auto dialects have their own property).
 */
async function readTable(bytes: Uint8Array, cuts: readonly number[], columns: ColumnSpec[] | ((header: readonly string[]) => ColumnSpec[]), csv: CsvParams = CANONICAL): Promise<TableRead> {
  const source = await readCsvTable('-', columns, { stdin: chunksOf(bytes, cuts), stdinName: 'fuzz.csv', csv });
  const read: TableRead = { header: source.header, kept: [], rejects: [], rows: 0 };
  for await (const batch of source.batches) {
    for (const line of batch.lines) read.kept.push(line);
    for (const r of batch.rejects) read.rejects.push(r);
    read.rows += batch.table.rowCount;
  }
  return read;
}

/** UTF-8 text without NUL, or undefined: what the CSV reader must accept as text at all. */
function asText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const SAFE_REASON = 300;

/** Every record of `text` is kept or rejected with its line: nothing lost, nothing invented. */
function expectNoRecordLost(read: TableRead, text: string): void {
  const records = parseCsv(text);
  expect(read.rows).toBe(read.kept.length);
  expect(read.kept.length + read.rejects.length).toBe(records.rows.length);
  expect([...read.kept, ...read.rejects.map((r) => r.line)].sort((a, b) => a - b)).toEqual(records.lines);
  for (const r of read.rejects) {
    expect(r.reason.length).toBeGreaterThan(0);
    expect(r.reason.length).toBeLessThanOrEqual(SAFE_REASON);
  }
}

/** The first (up to) three columns of the header: numeric, categorical, numeric. */
const firstColumns = (header: readonly string[]): ColumnSpec[] =>
  header.slice(0, 3).map((name, i) => ({ name, type: i % 2 === 0 ? 'numeric' : 'categorical' }));

const CSV_SOUP = ['a', 'b', 'c', ',', ',', '"', '""', '\n', '\n', '\r', '\r\n', '1', '-2.5', '1e400', 'NA', '', ' ', 'é', '😀', '\0', '\uFEFF', '\uD800', 'x"y'] as const;
const BAD_BYTES = [[0x00], [0xff], [0xc0, 0xaf], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xef, 0xbb, 0xbf]] as const;

/** Arbitrary bytes, CSV-ish soup, and soup with invalid sequences spliced in. */
const csvBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.array(fc.constantFrom(...CSV_SOUP), { maxLength: 80 }).map((parts) => Buffer.from(parts.join(''))),
  fc
    .tuple(fc.array(fc.constantFrom(...CSV_SOUP), { maxLength: 60 }), fc.nat(), fc.constantFrom(...BAD_BYTES))
    .map(([parts, at, bad]) => {
      const base = Buffer.from(parts.join(''));
      const cut = at % (base.length + 1);
      return Buffer.concat([base.subarray(0, cut), Buffer.from(bad), base.subarray(cut)]);
    }),
);

describe('CSV reader: any bytes → a table with every record accounted for, or an SpmError (fast-check)', () => {
  it('arbitrary bytes and CSV soup, streamed in random chunks (multi-byte characters split too)', async () => {
    const seen = { notText: 0, refused: 0, read: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(csvBytes, fc.array(fc.nat(), { maxLength: 6 }), async (bytes, cuts) => {
        const text = asText(bytes);
        const streamed = await outcomeAsync(() => readTable(bytes, cuts, firstColumns));
        if (text === undefined) {
          seen.notText++;
          // Not text: refused as a whole (binary, or a bad header read before the bad byte), never half read.
          expect(streamed.ok).toBe(false);
          if (!streamed.ok) expectReadable(streamed.error, [1]);
          return;
        }
        const inMemory = outcome(() => readCsvText(text, 'fuzz.csv'));
        if (!streamed.ok) {
          seen.refused++;
          expectReadable(streamed.error, [1]);
          expect(['CSV_EMPTY', 'CSV_BAD_HEADER']).toContain(streamed.error.code);
          // The in-memory reader (HTTP bodies) refuses the same text the same way.
          expect(inMemory.ok ? 'ok' : inMemory.error.code).toBe(streamed.error.code);
          return;
        }
        seen.read++;
        seen.rejected += streamed.value.rejects.length;
        expectNoRecordLost(streamed.value, text);
        expect(inMemory.ok).toBe(true);
        if (inMemory.ok) {
          expect(inMemory.value.header).toEqual(streamed.value.header);
          expect(inMemory.value.rows.length).toBe(streamed.value.kept.length + streamed.value.rejects.length);
        }
      }),
      { seed: 721, numRuns: 400 },
    );
    // Every branch was exercised: binary input, refused text, tables with rejected records.
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(10);
  });

  it('a bad byte anywhere in valid CSV: refused, naming its byte offset, whatever the chunking', async () => {
    const chars = fc.array(fc.constantFrom('a', 'b', ',', '\n', '\r\n', '"', '1', 'é', '日', '😀', ' '), { minLength: 1, maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(chars, fc.nat(), fc.constantFrom(...BAD_BYTES.slice(0, 6)), fc.array(fc.nat(), { maxLength: 5 }), async (parts, at, bad, cuts) => {
        const cut = at % (parts.length + 1);
        const prefix = Buffer.from(`h1,h2\n${parts.slice(0, cut).join('')}`);
        const bytes = Buffer.concat([prefix, Buffer.from(bad), Buffer.from(parts.slice(cut).join(''))]);
        const result = await outcomeAsync(() => readTable(bytes, cuts, []));
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expectReadable(result.error, [1]);
        expect(result.error.code).toBe('CSV_NOT_TEXT');
        expect(result.error.message).toBe(`fuzz.csv is not CSV text (binary data at byte ${prefix.length})`);
      }),
      { seed: 722, numRuns: 200 },
    );
  });

  it('any bytes with every part of the dialect auto: a table with every record accounted for, or an SpmError with exit 1', async () => {
    const seen = { read: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(csvBytes, fc.array(fc.nat(), { maxLength: 6 }), async (bytes, cuts) => {
        const streamed = await outcomeAsync(() => readTable(bytes, cuts, firstColumns, AUTO_CSV));
        if (!streamed.ok) {
          seen.refused++;
          expectReadable(streamed.error, [1]);
          expect(['CSV_NOT_TEXT', 'CSV_EMPTY', 'CSV_BAD_HEADER']).toContain(streamed.error.code);
          return;
        }
        seen.read++;
        expect(streamed.value.rows).toBe(streamed.value.kept.length);
        for (const r of streamed.value.rejects) expect(r.reason.length).toBeLessThanOrEqual(SAFE_REASON);
      }),
      { seed: 724, numRuns: 300 },
    );
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(10);
  });

  // An independent oracle: rows are generated as data, so which record starts on which line,
  // and whether it should be kept, is known without spm's parser.
  const NUMBERS = ['0', '7', '-3', '100', '101', '-0', '12.5', '.5', '+4', '1e2', ' 8 ', '150', '-5'] as const;
  const NOT_NUMBERS = ['x', 'abc', '0x10', '1e400', 'Infinity', '1e', '--1', '1,5', '12 3', '😀'] as const;
  const MISSING = ['', 'NA', 'NaN', 'None', ' NA '] as const;
  const WORDS = ['x', 'é', '日本', 'a "quoted" word', 'line\nbreak', 'cr\rand\r\nlf', ' ', 'comma, inside', '"'] as const;
  const fieldValue = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NUMBERS) },
    { weight: 2, arbitrary: fc.constantFrom(...NOT_NUMBERS) },
    { weight: 2, arbitrary: fc.constantFrom(...MISSING) },
    { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
    { weight: 1, arbitrary: fc.integer({ min: 2000, max: 30_000 }).map((n) => 'y'.repeat(n)) },
  );
  // A record over several lines of another width than the header's is read again line by line
  // (csv-scan.ts), which this oracle does not model: ragged rows keep to one line.
  const oneLine = (fields: [string, boolean][]): [string, boolean][] => (fields.length === 3 ? fields : fields.map(([v, q]) => [v.replace(/[\r\n]/g, ' '), q]));
  const generatedRow = fc.record({
    fields: fc.array(fc.tuple(fieldValue, fc.boolean()), { minLength: 1, maxLength: 5 }).map(oneLine),
    end: fc.constantFrom('\n', '\r\n', '\r'),
    blank: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { maxLength: 2 }),
  });

  const isNumber = (s: string): boolean => /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s.trim()) && Number.isFinite(Number(s.trim()));
  const isMissingToken = (s: string): boolean => ['', 'NA', 'NaN', 'None'].includes(s.trim());
  const encode = (value: string, quote: boolean): string =>
    quote || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  const lineBreaks = (s: string): number => (s.match(/\r\n|\r|\n/g) ?? []).length;

  it('generated CSV (quotes, CRLF / CR / LF, blank lines, ragged rows, huge fields, BOM, any delimiter, UTF-16): exactly the expected rows kept, the rest rejected on their lines', async () => {
    const columns: ColumnSpec[] = [
      { name: 'a', type: 'numeric' },
      // A fixed dictionary: the scanner names these values with a field automaton (csv-scan.ts).
      { name: 'b', type: 'categorical', dictionary: ['x', 'é', '日本', ' '] },
      { name: 'c', type: 'numeric', bounds: [0, 100] },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(generatedRow, { maxLength: 25 }), fc.boolean(), fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), fc.constantFrom(...DELIMITERS), fc.boolean(),
        async (rows, bom, finalBreak, cuts, d, utf16) => {
          let text = `${bom || utf16 ? '\uFEFF' : ''}${['a', 'b', 'c'].join(d)}\n`;
          const expectKept: number[] = [];
          const expectRejected: { line: number; reason: string }[] = [];
          rows.forEach((row, i) => {
            const values = row.fields.map(([v]) => v);
            // A lone empty unquoted field is a blank line, not a record: quote it.
            const fields = row.fields.map(([v, q]) => encode(v, q || (row.fields.length === 1 && v === '') || v.includes(d)));
            const line = 1 + lineBreaks(text);
            text += fields.join(d);
            const last = i === rows.length - 1;
            if (!last || finalBreak) text += row.end + row.blank.join('');
            const [a, , c] = values;
            if (values.length !== 3) expectRejected.push({ line, reason: `expected 3 fields, found ${values.length}` });
            // Reasons name the column, never the value (privacy: values only under --verbose).
            else if (!isMissingToken(a!) && !isNumber(a!)) expectRejected.push({ line, reason: "column 'a': not a number" });
            else if (!isMissingToken(c!) && !isNumber(c!)) expectRejected.push({ line, reason: "column 'c': not a number" });
            else if (!isMissingToken(c!) && (Number(c!.trim()) < 0 || Number(c!.trim()) > 100)) {
              expectRejected.push({ line, reason: "column 'c': outside its bounds [0, 100]" });
            } else expectKept.push(line);
          });
          // UTF-16 LE with its BOM (the reader transcodes it to UTF-8 chunk by chunk), else UTF-8.
          const bytes = utf16 ? Buffer.from(text, 'utf16le') : Buffer.from(text);
          const read = await readTable(bytes, cuts, columns, { ...CANONICAL, delimiter: d, encoding: 'auto' });
          expect(read.header).toEqual(['a', 'b', 'c']);
          expect(read.kept).toEqual(expectKept);
          expect(read.rejects.map((r) => ({ line: r.line, reason: r.reason }))).toEqual(expectRejected);
          expect(read.kept.length + read.rejects.length).toBe(rows.length);
        },
      ),
      { seed: 723, numRuns: 200 },
    );
  });

  it('a quoted field past MAX_FIELD_CHARS rejects its own record only, on its line', async () => {
    const text = `a,b\n1,2\n"${'x'.repeat(MAX_FIELD_CHARS + 10)}",3\n4,5\n`;
    const read = await readTable(Buffer.from(text), [65_536, 65_536 * 7, MAX_FIELD_CHARS], firstColumns);
    expect(read.kept).toEqual([2, 4]);
    expect(read.rejects.map((r) => [r.line, r.reason])).toEqual([[3, `malformed quoting: a field longer than ${MAX_FIELD_CHARS} characters (a quote never closed?)`]]);
  });

  it('whole-file messages stay short: a huge column name or a huge header is not printed back whole', async () => {
    const name = 'x'.repeat(500_000);
    const wide = Array.from({ length: 100_000 }, (_, i) => `column_${i}`).join(',');
    const cases: [string, string, ColumnSpec[]][] = [
      ['a duplicate 500,000-character column name', `${name},${name}\n1,2\n`, []],
      ['100,000 columns, the needed one missing (hint lists the header)', `${wide}\n`, [{ name: 'math_score', type: 'numeric' }]],
    ];
    for (const [label, text, columns] of cases) {
      const result = await outcomeAsync(() => readTable(Buffer.from(text), [], columns));
      expect(result.ok, label).toBe(false);
      if (result.ok) continue;
      expect.soft(result.error.message.length, `${label}: message`).toBeLessThanOrEqual(MAX_MESSAGE);
      expect.soft((result.error.hint ?? '').length, `${label}: hint`).toBeLessThanOrEqual(MAX_MESSAGE);
    }
  });
});

// ---- End to end: the built CLI on fuzzed inputs ----

/** The SPEC §7 contract for hostile input: a documented exit code, no internal error, no stack trace. */
function expectCleanExit(res: { code: number; stderr: string }, label: string): void {
  expect([0, 1, 2, 3, 4], `${label}: exit ${res.code}\n${res.stderr.slice(0, 2000)}`).toContain(res.code);
  expect(res.stderr, label).not.toContain('internal error');
  expect(STACK_LINE.test(res.stderr), `${label}: stack trace in stderr`).toBe(false);
}

/** One mutation of a line of a CSV file, as text (binary ones are applied to bytes later). */
type Mutation = 'drop-field' | 'extra-field' | 'not-a-number' | 'huge-number' | 'negative' | 'empty-score' | 'stray-quote' | 'quoted-newline'
  | 'blank-line' | 'crlf' | 'lone-cr' | 'unicode' | 'huge-field' | 'unclosed-quote' | 'bom-inside';
const MUTATIONS: readonly Mutation[] = ['drop-field', 'extra-field', 'not-a-number', 'huge-number', 'negative', 'empty-score', 'stray-quote',
  'quoted-newline', 'blank-line', 'crlf', 'lone-cr', 'unicode', 'huge-field', 'unclosed-quote', 'bom-inside'];

function mutate(line: string, m: Mutation): string {
  const fields = line.split(',');
  switch (m) {
    case 'drop-field': return fields.slice(0, -1).join(',');
    case 'extra-field': return `${line},extra`;
    case 'not-a-number': return [...fields.slice(0, -1), 'abc'].join(',');
    case 'huge-number': return [...fields.slice(0, -1), '1e400'].join(',');
    case 'negative': return [...fields.slice(0, -2), '-1e308', fields.at(-1)].join(',');
    case 'empty-score': return [...fields.slice(0, -1), ''].join(',');
    case 'stray-quote': return line.replace(',', ',x"y');
    case 'quoted-newline': return [fields[0], `"${fields[1]}\nsecond line"`, ...fields.slice(2)].join(',');
    case 'blank-line': return `${line}\n`;
    case 'crlf': return `${line}\r`;
    case 'lone-cr': return `${line}\r${line}`;
    case 'unicode': return [fields[0], 'fémale 😀', ...fields.slice(2)].join(',');
    case 'huge-field': return [fields[0], 'z'.repeat(50_000), ...fields.slice(2)].join(',');
    case 'unclosed-quote': return [fields[0], `"${fields[1]}`, ...fields.slice(2)].join(',');
    case 'bom-inside': return `\uFEFF${line}`;
  }
}

const fuzzedCsv = fc.array(fc.tuple(fc.nat(), fc.constantFrom(...MUTATIONS)), { minLength: 3, maxLength: 25 });

describe('the built CLI on fuzzed input', () => {
  let ws: Workspace;
  let clean: string[];
  beforeAll(async () => {
    ws = await trainedWorkspace();
    clean = readFileSync(ws.path('data/students.csv'), 'utf8').trimEnd().split('\n');
  });
  afterAll(() => ws?.cleanup());

  it('fuzzed params files → exit 0–4, no internal error, no stack trace (spm ingest)', async () => {
    const docs = [...fc.sample(paramsDoc, { seed: 731, numRuns: 2 }), ...fc.sample(yamlSoup, { seed: 732, numRuns: 1 })];
    const files: [string, string | Uint8Array][] = docs.map((d, i) => [`fuzz-${i}.yaml`, d]);
    files.push(['fuzz-bytes.yaml', Buffer.concat([Buffer.from(BASE), Buffer.from([0xff, 0x00, 0xfe, 0x0a]), Buffer.from('split: { seed: 7 }\n')])]);
    for (const [name, content] of files) {
      writeFileSync(ws.path(name), content);
      const res = await runCli(['ingest', '-q', '-p', name], { cwd: ws.dir });
      expectCleanExit(res, `${name}: ${JSON.stringify(String(content).slice(0, 300))}`);
    }
  });

  it('fuzzed -S values → exit 0–4, no internal error, no stack trace (spm ingest)', async () => {
    // Argument strings cannot hold NUL: the operating system would cut them there.
    const sets = fc.sample(fc.array(overrideExpr, { minLength: 1, maxLength: 3 }), { seed: 733, numRuns: 3 }).map((xs) => xs.map((x) => x.replace(/\0/g, '')));
    for (const exprs of sets) {
      const res = await runCli(['ingest', '-q', ...exprs.map((e) => `--set=${e}`)], { cwd: ws.dir });
      expectCleanExit(res, JSON.stringify(exprs));
    }
  });

  it('fuzzed CSV files → spm predict and spm ingest score or reject every record (rows = scored + rejected), or refuse the file', async () => {
    const samples = fc.sample(fuzzedCsv, { seed: 734, numRuns: 2 });
    const files = samples.map((mutations) => {
      const lines = [...clean];
      for (const [at, m] of mutations) {
        const i = 1 + (at % (lines.length - 1));
        lines[i] = mutate(lines[i]!, m);
      }
      return Buffer.from(`${lines.join('\n')}\n`);
    });
    // And one with binary in the middle: refused as a whole.
    const half = Buffer.from(`${clean.slice(0, 150).join('\n')}\n`);
    files.push(Buffer.concat([half, Buffer.from([0x53, 0x00, 0xff]), Buffer.from(`${clean.slice(150).join('\n')}\n`)]));
    let ingested = 0;
    for (const [i, bytes] of files.entries()) {
      const name = `fuzz-${i}.csv`;
      writeFileSync(ws.path(name), bytes);
      const text = asText(bytes);
      const predict = await runCli(['predict', '-i', name, '-o', `scored-${i}.csv`, '--rejects', `rejects-${i}.csv`, '--json'], { cwd: ws.dir });
      expectCleanExit(predict, `predict ${name}`);
      if (text === undefined) {
        expect(predict.code).toBe(1);
        expect(predict.stderr).toContain(`${name} is not CSV text (binary data at byte ${half.length + 1})`);
        expect(existsSync(ws.path(`scored-${i}.csv`))).toBe(false);
        continue;
      }
      const records = parseCsv(text);
      expect(predict.code, predict.stderr).toBe(0);
      const scored = JSON.parse(predict.stdout) as { rows: number; scored: number; rejected: number };
      expect(scored.rows).toBe(records.rows.length);
      expect(scored.scored + scored.rejected).toBe(scored.rows);
      expect(parseCsv(readFileSync(ws.path(`scored-${i}.csv`), 'utf8')).rows).toHaveLength(scored.scored);
      if (scored.rejected > 0) {
        const rejectLines = parseCsv(readFileSync(ws.path(`rejects-${i}.csv`), 'utf8')).rows.map((r) => Number(r[0]));
        expect(rejectLines).toHaveLength(scored.rejected);
        expect(new Set(rejectLines).size).toBe(scored.rejected);
        expect(rejectLines.filter((line) => !records.lines.includes(line))).toEqual([]);
      }

      writeFileSync(ws.path(`fuzz-${i}-params.yaml`), `data:\n  source: ${name}\n  target: math_score\ntrain:\n  models: { ridge: { alpha: [1] } }\n`);
      const ingest = await runCli(['ingest', '--json', '-p', `fuzz-${i}-params.yaml`], { cwd: ws.dir });
      expectCleanExit(ingest, `ingest ${name}`);
      if (ingest.code !== 0) continue; // e.g. too few usable rows: a user error, checked above
      ingested++;
      const split = JSON.parse(ingest.stdout) as { rows: number; train_rows: number; test_rows: number; rejected: number };
      expect(split.rows).toBe(records.rows.length);
      expect(split.train_rows + split.test_rows + split.rejected).toBe(split.rows);
    }
    expect(ingested).toBeGreaterThan(0);
  });

  it('a bad byte far into a file large enough for the parse worker: exit 1 naming the byte, nothing written', async () => {
    const body = clean.slice(1).join('\n');
    const copies = Math.ceil((4.2 * (1 << 20)) / body.length);
    const head = Buffer.from(`${clean[0]}\n${Array(copies).fill(body).join('\n')}\n`);
    const [offset] = fc.sample(fc.integer({ min: Math.floor(head.length / 2), max: head.length - 1 }), { seed: 735, numRuns: 1 });
    // A line boundary, so the bad byte is the first byte of a record.
    const at = head.lastIndexOf(0x0a, offset!) + 1;
    // Not UTF-8, and a control byte: binary (text that is not UTF-8 alone would be read as Windows-1252).
    writeFileSync(ws.path('big-bad.csv'), Buffer.concat([head.subarray(0, at), Buffer.from([0xc3, 0x01]), head.subarray(at)]));
    const res = await runCli(['predict', '-i', 'big-bad.csv', '-o', 'big-out.csv'], { cwd: ws.dir });
    expectCleanExit(res, 'predict big-bad.csv');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`big-bad.csv is not CSV text (binary data at byte ${at + 1})`);
    expect(existsSync(ws.path('big-out.csv'))).toBe(false);
  });
});
