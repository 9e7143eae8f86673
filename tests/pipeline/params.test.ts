import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, SpmError } from '../../src/errors.js';
import {
  applyOverride, flattenParams, loadParams, paramsSlice, parseParamsText, resolveDataPath, validateParams,
} from '../../src/pipeline/params.js';
import {
  DEFAULT_MODEL_GRIDS, describeParams, MODEL_NAMES, parseGateCondition,
} from '../../src/pipeline/params-schema.js';
import { editDistance, nearest } from '../../src/util/nearest.js';

const FILE = '/work/project/params.yaml';
const TWO_LINES = 'data:\n  source: data/students.csv\n  target: math_score\n';
const MINIMAL_HINT = 'a minimal params file:\n  data:\n    source: data/students.csv\n    target: math_score';

const load = (text: string, overrides: string[] = []) => parseParamsText(text, FILE, overrides);

/** The error a user would see: message, hint and exit code. */
function failure(fn: () => unknown): { message: string; hint: string | undefined; exitCode: number; code: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof SpmError) return { message: e.message, hint: e.hint, exitCode: e.exitCode, code: e.code };
    throw e;
  }
  throw new Error('expected an SpmError, nothing was thrown');
}

describe('defaults', () => {
  it('a two-line file (data.source + data.target) is a complete pipeline', () => {
    const { params, file, dir } = load(TWO_LINES);
    expect(params).toEqual({
      data: {
        source: ['data/students.csv'],
        sheet: null,
        target: 'math_score',
        task: 'auto',
        positive_class: null,
        id_columns: ['student_id'],
        drop: [],
        bounds: {},
        types: {},
        csv: { delimiter: 'auto', decimal: 'auto', encoding: 'auto', header: 'auto' },
      },
      split: { test_size: 0.2, seed: 42, stratify: 'auto' },
      features: { derive: {}, select: { method: 'none', top_k: 10 } },
      transform: {
        numeric: { impute: 'median', scale: 'standard', clip: null },
        categorical: { impute: 'missing', min_frequency: 0 },
      },
      train: {
        metric: 'auto',
        cv: { folds: 5, seed: 42 },
        class_weight: 'auto',
        calibration: 'none',
        jobs: 'auto',
        models: {
          linear: {},
          ridge: { alpha: [0.1, 1, 10] },
          logistic: { C: [0.1, 1, 10] },
          decision_tree: { max_depth: [4, 6, 8], min_samples_leaf: [5, 20] },
          random_forest: { n_estimators: [200], max_depth: [10] },
          gradient_boosting: { n_estimators: [300], learning_rate: [0.05], max_depth: [3] },
        },
      },
      evaluate: { gates: { r2: '>= 0.80' }, threshold: 0.5, permutation_repeats: 5, sensitive: 'auto' },
      drift: { threshold: 'auto', share: 0.5, methods: {}, thresholds: {}, correction: 'none' },
      segments: { features: [], k: 'auto', seed: 42, favourable: null, names: [], recommendations: [] },
      predict: { record: true },
      monitor: { gates: {} },
      artifacts: { dir: 'artifacts' },
    });
    expect(file).toBe(FILE);
    expect(dir).toBe('/work/project');
  });

  it('params are frozen all the way down', () => {
    const { params } = load(TWO_LINES);
    expect(Object.isFrozen(params.train.models)).toBe(true);
    expect(Object.isFrozen(params.data.id_columns)).toBe(true);
  });

  it('empty sections (`train:` with nothing below) keep the defaults', () => {
    expect(load(`${TWO_LINES}train:\nsplit:\n`).params.train.cv.folds).toBe(5);
  });

  it('every default in the reference passes validation and every key is documented', () => {
    const rows = describeParams();
    expect(rows.map((r) => r.path)).toEqual([
      'data.source', 'data.sheet', 'data.target', 'data.task', 'data.positive_class', 'data.id_columns', 'data.drop', 'data.bounds', 'data.types',
      'data.csv.delimiter', 'data.csv.decimal', 'data.csv.encoding', 'data.csv.header',
      'split.test_size', 'split.seed', 'split.stratify',
      'features.derive', 'features.select.method', 'features.select.top_k',
      'transform.numeric.impute', 'transform.numeric.scale', 'transform.numeric.clip',
      'transform.categorical.impute', 'transform.categorical.min_frequency',
      'train.metric', 'train.cv.folds', 'train.cv.seed', 'train.class_weight', 'train.calibration', 'train.jobs', 'train.models',
      'evaluate.gates', 'evaluate.threshold', 'evaluate.permutation_repeats', 'evaluate.sensitive',
      'drift.threshold', 'drift.share', 'drift.methods', 'drift.thresholds', 'drift.correction',
      'segments.features', 'segments.k', 'segments.seed', 'segments.favourable', 'segments.names', 'segments.recommendations', 'predict.record', 'monitor.gates', 'artifacts.dir',
    ]);
    expect(rows.find((r) => r.path === 'train.cv.folds')).toMatchObject({ type: 'integer 2..50', default: '5' });
    expect(rows.find((r) => r.path === 'data.target')).toMatchObject({ type: 'string', default: '(required)' });
    expect(rows.find((r) => r.path === 'split.test_size')).toMatchObject({ type: 'number in (0, 1)', default: '0.2' });
    expect(rows.find((r) => r.path === 'evaluate.gates')?.default).toBe('{ r2: ">= 0.80" }');
    expect(rows.find((r) => r.path === 'transform.numeric.clip')?.type).toBe('null | iqr | number in (0, 0.5)');
    for (const row of rows) expect(row.description.length).toBeGreaterThan(10);
  });

  it('data.sheet is a sheet name or a 1-based position', () => {
    expect(load(`${TWO_LINES}`.replace('data:', 'data:\n  sheet: Students')).params.data.sheet).toBe('Students');
    expect(load(`${TWO_LINES}`.replace('data:', 'data:\n  sheet: 2')).params.data.sheet).toBe(2);
    expect(failure(() => load(`${TWO_LINES}`.replace('data:', 'data:\n  sheet: 0'))).message).toBe(
      'data.sheet: expected a sheet name, a 1-based sheet number, or null, got 0',
    );
  });
});

describe('error messages (the text a user sees)', () => {
  it('params file missing', async () => {
    const err = await loadParams('/nonexistent-spm/params.yaml', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpmError);
    expect((err as SpmError).message).toBe('params file not found: /nonexistent-spm/params.yaml');
    expect((err as SpmError).hint).toBe("create one (see README 'Params') or pass -p FILE");
    expect((err as SpmError).exitCode).toBe(EXIT.user);
  });

  it('YAML syntax error: file, line, column and the yaml library message', () => {
    expect(failure(() => load('data:\n  source: [a.csv\n  target: y\n'))).toEqual({
      code: 'PARAMS_YAML',
      message: 'YAML syntax error in params.yaml at line 3, column 3: Flow sequence in block collection must be sufficiently indented and end with a ]',
      hint: 'fix the YAML at that line (indentation, brackets, quotes)',
      exitCode: 1,
    });
  });

  it('an unquoted gate condition gets a hint about quoting', () => {
    const e = failure(() => load(`${TWO_LINES}evaluate:\n  gates:\n    r2: >= 0.8\n`));
    expect(e.message).toBe(
      '2 problems in params.yaml:\n' +
        '  - YAML syntax error in params.yaml at line 6, column 10: Block scalar header includes extra characters: >=\n' +
        '  - YAML syntax error in params.yaml at line 6, column 12: Not a YAML token: 0.8',
    );
    expect(e.hint).toBe('quote gate conditions: r2: ">= 0.80" (a bare > starts a YAML block)');
  });

  it('duplicate keys are a YAML error', () => {
    expect(failure(() => load(`${TWO_LINES}split:\n  seed: 1\n  seed: 2\n`)).message).toBe(
      'YAML syntax error in params.yaml at line 6, column 3: Map keys must be unique',
    );
  });

  it('unknown key, with the nearest valid key at that level', () => {
    expect(failure(() => load(`${TWO_LINES}train:\n  metrc: mae\n`))).toEqual({
      code: 'PARAMS_INVALID',
      message: "unknown key 'train.metrc' in params.yaml — did you mean 'train.metric'?",
      hint: "valid keys under 'train': metric, cv, class_weight, calibration, jobs, models",
      exitCode: 1,
    });
  });

  it('unknown key with nothing close: no suggestion', () => {
    expect(failure(() => load(`${TWO_LINES}train:\n  xyz: 1\n`)).message).toBe("unknown key 'train.xyz' in params.yaml");
  });

  it('a key at the wrong level points to where it belongs', () => {
    const e = failure(() => load(`${TWO_LINES}train:\n  folds: 3\n`));
    expect(e.message).toBe("unknown key 'train.folds' in params.yaml — did you mean 'train.cv.folds'?");
  });

  it('unknown top-level key', () => {
    const e = failure(() => load(`${TWO_LINES}trian:\n  metric: mae\n`));
    expect(e.message).toBe("unknown key 'trian' in params.yaml — did you mean 'train'?");
    expect(e.hint).toBe('valid top-level keys: data, split, features, transform, train, evaluate, drift, segments, predict, monitor, artifacts');
  });

  it('predict.record and monitor.gates: the messages a user sees', () => {
    expect(failure(() => load(`${TWO_LINES}predict:\n  record: sometimes\n`)).message).toBe("predict.record: expected one of true | false, got 'sometimes'");
    expect(failure(() => load(`${TWO_LINES}monitor:\n  gates: { rmse: 9 }\n`)).message).toBe('monitor.gates.rmse: expected a condition like ">= 0.80" (>=, >, <=, < or == then a number), got 9');
    expect(failure(() => load(`${TWO_LINES}monitor:\n  gates: { rmsee: "<= 9" }\n`)).message).toBe("unknown metric 'rmsee' in monitor.gates — did you mean 'rmse'?");
    expect(load(`${TWO_LINES}monitor:\n  gates: { rmse: "<=9" }\n`).params.monitor.gates).toEqual({ rmse: '<= 9' });
  });

  it('wrong type names the dotted path and the expected type', () => {
    expect(failure(() => load(`${TWO_LINES}train:\n  cv: { folds: five }\n`))).toEqual({
      code: 'PARAMS_INVALID',
      message: "train.cv.folds: expected an integer from 2 to 50, got 'five'",
      hint: "see README 'Params' for every key, its type and its default",
      exitCode: 1,
    });
    expect(failure(() => load(`${TWO_LINES}train:\n  cv: { folds: 51 }\n`)).message).toBe(
      'train.cv.folds: expected an integer from 2 to 50, got 51',
    );
    expect(failure(() => load(`${TWO_LINES}split:\n  test_size: 1\n`)).message).toBe(
      'split.test_size: expected a number greater than 0 and less than 1, got 1',
    );
    expect(failure(() => load(`${TWO_LINES}drift:\n  share: 0\n`)).message).toBe(
      'drift.share: expected a number greater than 0 and at most 1, got 0',
    );
    expect(failure(() => load(`${TWO_LINES}evaluate:\n  permutation_repeats: 2.5\n`)).message).toBe(
      'evaluate.permutation_repeats: expected an integer of at least 1, got 2.5',
    );
    expect(failure(() => load(`${TWO_LINES}transform:\n  numeric: { clip: 0.6 }\n`)).message).toBe(
      'transform.numeric.clip: expected null or iqr or a number greater than 0 and less than 0.5, got 0.6',
    );
    expect(failure(() => load(`${TWO_LINES}transform:\n  numeric: { clip: iqq }\n`)).message).toBe(
      "transform.numeric.clip: expected null or iqr or a number greater than 0 and less than 0.5, got 'iqq' — did you mean 'iqr'?",
    );
    expect(load(`${TWO_LINES}transform:\n  numeric: { clip: iqr }\n`).params.transform.numeric.clip).toBe('iqr');
    expect(failure(() => load(`${TWO_LINES}split: 5\n`)).message).toBe(
      'split: expected a map with keys test_size, seed, stratify, got 5',
    );
    expect(failure(() => load('data:\n  source: []\n  target: y\n')).message).toBe(
      'data.source: expected a path or a non-empty list of paths, got an empty list',
    );
    expect(failure(() => load(`${TWO_LINES.replace('\n', '\n  drop: [a, 3]\n')}`)).message).toBe(
      'data.drop[1]: expected a column name, got 3',
    );
  });

  it('bad enum value lists the allowed values and suggests the nearest', () => {
    expect(failure(() => load(`${TWO_LINES}train:\n  metric: rmsee\n`)).message).toBe(
      "train.metric: expected one of auto | rmse | mae | r2 | accuracy | f1 | roc_auc | balanced_accuracy, got 'rmsee' — did you mean 'rmse'?",
    );
    expect(failure(() => load(`${TWO_LINES.replace('\n', '\n  task: Regression\n')}`)).message).toBe(
      "data.task: expected one of auto | regression | classification, got 'Regression' — did you mean 'regression'?",
    );
    expect(failure(() => load(`${TWO_LINES}drift:\n  threshold: atuo\n`)).message).toBe(
      "drift.threshold: expected auto or a number greater than 0, got 'atuo' — did you mean 'auto'?",
    );
  });

  it('missing required key, with a two-key params file as the hint', () => {
    expect(failure(() => load('data:\n  source: x.csv\n'))).toEqual({
      code: 'PARAMS_INVALID',
      message: 'data.target is required',
      hint: MINIMAL_HINT,
      exitCode: 1,
    });
  });

  it('an empty file needs both required keys; all problems are reported at once', () => {
    expect(failure(() => load(''))).toEqual({
      code: 'PARAMS_INVALID',
      message: '2 problems in params.yaml:\n  - data.source is required\n  - data.target is required',
      hint: MINIMAL_HINT,
      exitCode: 1,
    });
  });

  it('many problems in one file: one line each, all at once', () => {
    const e = failure(() =>
      load(`${TWO_LINES}split: { stratify: yes }\ntrain:\n  metrc: mae\n  cv: { folds: five }\n  models: { random_forrest: {} }\n`),
    );
    expect(e.message).toBe(
      '4 problems in params.yaml:\n' +
        "  - split.stratify: expected one of auto | true | false, got 'yes'\n" +
        "  - unknown key 'train.metrc' in params.yaml — did you mean 'train.metric'?\n" +
        "  - train.cv.folds: expected an integer from 2 to 50, got 'five'\n" +
        "  - unknown model 'random_forrest' in train.models — did you mean 'random_forest'?",
    );
    expect(e.hint).toBe(
      "valid keys under 'train': metric, cv, class_weight, calibration, jobs, models\n" +
        'valid models: linear, ridge, logistic, decision_tree, random_forest, gradient_boosting',
    );
  });

  it('-S without "=" is a usage error (exit 2)', () => {
    expect(failure(() => load(TWO_LINES, ['train.cv.folds']))).toEqual({
      code: 'USAGE',
      message: "-S expects key.path=value, got 'train.cv.folds'",
      hint: "e.g. -S train.cv.folds=10; the value is YAML: -S 'train.models=[linear, ridge]'",
      exitCode: EXIT.usage,
    });
    expect(failure(() => load(TWO_LINES, ['=5'])).message).toBe("-S expects key.path=value, got '=5'");
    expect(failure(() => load(TWO_LINES, ['train..cv=5'])).message).toBe("-S expects key.path=value, got 'train..cv=5'");
  });

  it('-S with an unknown key suggests the nearest (exit 2)', () => {
    expect(failure(() => load(TWO_LINES, ['train.metrc=mae']))).toEqual({
      code: 'USAGE',
      message: "unknown key 'train.metrc' in -S train.metrc=mae — did you mean 'train.metric'?",
      hint: "valid keys under 'train': metric, cv, class_weight, calibration, jobs, models",
      exitCode: EXIT.usage,
    });
    expect(failure(() => load(TWO_LINES, ['train.models.random_forrest.max_depth=[5]'])).message).toBe(
      "unknown key 'train.models.random_forrest' in -S train.models.random_forrest.max_depth=[5] — did you mean 'train.models.random_forest'?",
    );
    expect(failure(() => load(TWO_LINES, ['train.metric.x=1'])).message).toBe(
      "cannot set 'train.metric.x' in -S train.metric.x=1: 'train.metric' takes a value, not keys below it",
    );
  });

  it('-S with a value that is not YAML (exit 2)', () => {
    expect(failure(() => load(TWO_LINES, ['train.models=[linear']))).toMatchObject({
      message: '-S train.models: the value is not valid YAML (at character 8: Flow sequence must end with a ])',
      exitCode: EXIT.usage,
    });
  });

  it('-S with a value of the wrong type is a params error naming the path (exit 1)', () => {
    expect(failure(() => load(TWO_LINES, ['train.cv.folds=five']))).toMatchObject({
      message: "train.cv.folds: expected an integer from 2 to 50, got 'five'",
      exitCode: 1,
    });
    expect(failure(() => load(TWO_LINES, ['train={metrc: mae}'])).message).toBe(
      "unknown key 'train.metrc' in -S train={metrc: mae} — did you mean 'train.metric'?",
    );
  });

  it('a document that is not a mapping', () => {
    expect(failure(() => load('- data\n- split\n'))).toEqual({
      code: 'PARAMS_INVALID',
      message: 'params.yaml must be a YAML mapping of sections (data:, split:, train:, …), got a list',
      hint: MINIMAL_HINT,
      exitCode: 1,
    });
    expect(failure(() => load('just text\n')).message).toBe(
      "params.yaml must be a YAML mapping of sections (data:, split:, train:, …), got 'just text'",
    );
  });

  it('an alias bomb ("billion laughs") fails at once with a clear message', () => {
    // 9 levels of 9 references each: 9^9 ≈ 387 million strings if expanded.
    const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++) {
      lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
    }
    expect(failure(() => load(`${TWO_LINES}${lines.join('\n')}\n`))).toEqual({
      code: 'PARAMS_YAML',
      message: 'params.yaml: YAML aliases expand too much (more than 100 references); refusing to load it',
      hint: 'write the values out instead of nesting aliases (*name)',
      exitCode: 1,
    });
  });

  it('a few ordinary aliases are fine', () => {
    const text = `${TWO_LINES}split: { seed: &s 7 }\ntrain:\n  cv: { seed: *s }\n`;
    expect(load(text).params.train.cv.seed).toBe(7);
  });

  it('an alias without its anchor', () => {
    expect(failure(() => load(`${TWO_LINES}split: { seed: *nope }\n`)).message).toBe(
      'YAML error in params.yaml: Unresolved alias (the anchor must be set before the alias): nope',
    );
  });

  it('a __proto__ key is just an unknown key, never a prototype change', () => {
    expect(failure(() => load(`${TWO_LINES}__proto__: { polluted: 1 }\n`)).message).toBe(
      "unknown key '__proto__' in params.yaml",
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('train.models', () => {
  it('list form: each model gets its default grid', () => {
    const { params } = load(`${TWO_LINES}train:\n  models: [linear, decision_tree]\n`);
    expect(params.train.models).toEqual({ linear: {}, decision_tree: DEFAULT_MODEL_GRIDS.decision_tree });
  });

  it('a user map replaces the default map (no merge), keeping the user order', () => {
    const { params } = load(`${TWO_LINES}train:\n  models:\n    ridge: { alpha: [1, 2] }\n    linear:\n`);
    expect(params.train.models).toEqual({ ridge: { alpha: [1, 2] }, linear: {} });
    expect(Object.keys(params.train.models)).toEqual(['ridge', 'linear']);
  });

  it('grid values are scalars or non-empty lists of scalars', () => {
    const { params } = load(`${TWO_LINES}train:\n  models:\n    random_forest: { max_depth: [null, 5], bootstrap: true, max_features: sqrt }\n`);
    expect(params.train.models.random_forest).toEqual({ max_depth: [null, 5], bootstrap: true, max_features: 'sqrt' });
    const e = failure(() => load(`${TWO_LINES}train:\n  models:\n    ridge: { alpha: [] }\n    decision_tree: { max_depth: [[1]] }\n    linear: 5\n`));
    expect(e.message).toBe(
      '3 problems in params.yaml:\n' +
        '  - train.models.ridge.alpha: expected a value or a non-empty list of values (numbers, strings, booleans or null), got an empty list\n' +
        '  - train.models.decision_tree.max_depth: expected a value or a non-empty list of values (numbers, strings, booleans or null), got a list containing a list\n' +
        '  - train.models.linear: expected a map of hyper-parameter → value or list of values, got 5',
    );
  });

  it('unknown, repeated or missing models', () => {
    expect(failure(() => load(`${TWO_LINES}train:\n  models: [linear, svm]\n`))).toMatchObject({
      message: "unknown model 'svm' in train.models",
      hint: `valid models: ${MODEL_NAMES.join(', ')}`,
    });
    expect(failure(() => load(`${TWO_LINES}train:\n  models: [linear, linear]\n`)).message).toBe(
      "train.models: model 'linear' is listed twice",
    );
    expect(failure(() => load(`${TWO_LINES}train:\n  models: []\n`)).message).toBe(
      'train.models: expected at least one model, got an empty list',
    );
    expect(failure(() => load(`${TWO_LINES}train:\n  models: 3\n`)).message).toBe(
      'train.models: expected a map of model name → grid, or a list of model names, got 3',
    );
  });
});

describe('data.bounds', () => {
  it('column → [min, max], either end null; -S sets one column and keeps the others', () => {
    const { params } = load(`${TWO_LINES}  bounds: { math_score: [0, 100], reading_score: [0, null], writing_score: [null, 100] }\n`);
    expect(params.data.bounds).toEqual({ math_score: [0, 100], reading_score: [0, null], writing_score: [null, 100] });
    expect(load(`${TWO_LINES}  bounds: { math_score: [0, 100] }\n`, ['data.bounds.reading_score=[0, 100]']).params.data.bounds).toEqual({
      math_score: [0, 100],
      reading_score: [0, 100],
    });
    expect(load(`${TWO_LINES}  bounds:\n`).params.data.bounds).toEqual({});
  });

  it('a bound that is not [min, max] names the path and shows the form', () => {
    expect(failure(() => load(`${TWO_LINES}  bounds: { math_score: 100 }\n`))).toMatchObject({
      message: 'data.bounds.math_score: expected [min, max] (numbers, or null for no bound), got 100',
      hint: 'e.g. math_score: [0, 100] or math_score: [0, null]',
      exitCode: EXIT.user,
    });
    expect(failure(() => load(`${TWO_LINES}  bounds: { math_score: [0, 'high'] }\n`)).message).toBe(
      "data.bounds.math_score: expected [min, max] (numbers, or null for no bound), got a list of 2 (0, 'high')",
    );
    expect(failure(() => load(`${TWO_LINES}  bounds: { math_score: [0] }\n`)).message).toBe(
      'data.bounds.math_score: expected [min, max] (numbers, or null for no bound), got a list of 1 (0)',
    );
    expect(failure(() => load(`${TWO_LINES}  bounds: [0, 100]\n`)).message).toBe('data.bounds: expected a map of column → [min, max], got a list');
  });

  it('min greater than max is an error that shows the bounds the other way round', () => {
    expect(failure(() => load(TWO_LINES, ['data.bounds.math_score=[100, 0]']))).toMatchObject({
      message: 'data.bounds.math_score: min 100 is greater than max 0',
      hint: 'write the bounds as [min, max], e.g. math_score: [0, 100]',
    });
  });
});

describe('evaluate.gates', () => {
  it('conditions are validated and normalised', () => {
    const { params } = load(`${TWO_LINES}evaluate:\n  gates: { rmse: "<=5", roc_auc: "> 0.7", precision: "== 1" }\n`);
    expect(params.evaluate.gates).toEqual({ rmse: '<= 5', roc_auc: '> 0.7', precision: '== 1' });
    expect(parseGateCondition('>= 0.80')).toEqual({ op: '>=', value: 0.8 });
    expect(parseGateCondition('<-1e-3')).toEqual({ op: '<', value: -0.001 });
    expect(parseGateCondition('=> 1')).toBeUndefined();
  });

  it('a bad condition names the path and the expected form', () => {
    expect(failure(() => load(`${TWO_LINES}evaluate:\n  gates: { r2: 0.8 }\n`))).toMatchObject({
      message: 'evaluate.gates.r2: expected a condition like ">= 0.80" (>=, >, <=, < or == then a number), got 0.8',
      hint: 'quote the condition in YAML: r2: ">= 0.80"',
    });
    expect(failure(() => load(`${TWO_LINES}evaluate:\n  gates: { r2: "at least 0.8" }\n`)).message).toBe(
      'evaluate.gates.r2: expected a condition like ">= 0.80" (>=, >, <=, < or == then a number), got \'at least 0.8\'',
    );
  });

  it('gate metrics are checked, with a suggestion', () => {
    expect(failure(() => load(`${TWO_LINES}evaluate:\n  gates: { r22: ">= 0.8" }\n`))).toMatchObject({
      message: "unknown metric 'r22' in evaluate.gates — did you mean 'r2'?",
      hint: 'valid metrics: rmse, mae, r2, accuracy, precision, recall, f1, roc_auc, balanced_accuracy',
    });
  });

  it('features.derive: each expression is parsed and type-checked at load, refused with a caret at the place', () => {
    const ok = load(`${TWO_LINES}features:\n  derive:\n    total_quiz: Quiz1 + Quiz2 + Quiz3\n    effort: "Time_Spent / max(Attendance, 1)"\n`);
    expect(ok.params.features.derive).toEqual({ total_quiz: 'Quiz1 + Quiz2 + Quiz3', effort: 'Time_Spent / max(Attendance, 1)' });
    // Built through derive(): params-json-schema.test.ts harvests load(`…`) documents, and JSON Schema cannot parse expressions.
    const derive = (map: string): string => `${TWO_LINES}features:\n  derive: ${map}\n`;
    const e = failure(() => load(derive('{ effort: "Time_Spent / max(Attendance 1)" }')));
    expect(e.code).toBe('EXPRESSION_INVALID');
    expect(e.message).toBe(
      "features.derive.effort: expected ',' or ')' in the arguments of max(, got '1' (at character 29)\n    Time_Spent / max(Attendance 1)\n                                ^",
    );
    expect(failure(() => load(derive('{ sd: "std(Quiz1)" }'))).message).toBe(
      'features.derive.sd: std takes at least 2 arguments, got 1 (at character 1)\n    std(Quiz1)\n    ^^^^^^^^^^',
    );
    // Mixed with another kind of problem: PARAMS_INVALID lists both.
    const mixed = failure(() => load(derive('{ sd: "std(Quiz1)", "2x": "Quiz1 * 2" }')));
    expect(mixed.code).toBe('PARAMS_INVALID');
    expect(mixed.message).toMatch(/^2 problems in .*:\n {2}- features\.derive\.sd: std takes at least 2 arguments/);
    expect(mixed.message).toContain("features.derive.2x: a derived feature's name is letters, digits and _ (not starting with a digit), got '2x'");
    expect(failure(() => load(`${TWO_LINES}features:\n  derive: { x: 3 }\n`)).message).toBe('features.derive.x: expected an expression, got 3');
  });

  it('features.select: a method and a top_k of at least 1', () => {
    expect(load(`${TWO_LINES}features:\n  select: { method: mutual_information, top_k: 5 }\n`).params.features.select).toEqual({ method: 'mutual_information', top_k: 5 });
    expect(failure(() => load(`${TWO_LINES}features:\n  select: { method: importanse }\n`)).message).toBe(
      "features.select.method: expected one of none | importance | mutual_information, got 'importanse' — did you mean 'importance'?",
    );
    expect(failure(() => load(`${TWO_LINES}features:\n  select: { top_k: 0 }\n`)).message).toBe('features.select.top_k: expected an integer of at least 1, got 0');
  });

  it('a user gates map replaces the default; an empty one disables gates', () => {
    expect(load(`${TWO_LINES}evaluate:\n  gates: { rmse: "<= 5" }\n`).params.evaluate.gates).toEqual({ rmse: '<= 5' });
    expect(load(`${TWO_LINES}evaluate:\n  gates: {}\n`).params.evaluate.gates).toEqual({});
  });
});

describe('-S overrides', () => {
  it('values are parsed as YAML: numbers, lists, strings, null', () => {
    const { params } = load(TWO_LINES, [
      'train.cv.folds=10',
      'train.models=[linear, decision_tree]',
      'data.positive_class=Pass',
      'split.test_size=0.25',
      'transform.numeric.clip=0.01',
      'data.drop=[gender, lunch]',
      'split.stratify=false',
    ]);
    expect(params.train.cv.folds).toBe(10);
    expect(params.train.models).toEqual({ linear: {}, decision_tree: DEFAULT_MODEL_GRIDS.decision_tree });
    expect(params.data.positive_class).toBe('Pass');
    expect(params.split.test_size).toBe(0.25);
    expect(params.transform.numeric.clip).toBe(0.01);
    expect(params.data.drop).toEqual(['gender', 'lunch']);
    expect(params.split.stratify).toBe(false);
    expect(load(TWO_LINES.replace('\n', '\n  positive_class: Pass\n'), ['data.positive_class=']).params.data.positive_class).toBeNull();
  });

  it('override the file; the last -S wins', () => {
    const { params } = load(`${TWO_LINES}train:\n  cv: { folds: 3, seed: 9 }\n`, ['train.cv.folds=4', 'train.cv.folds=6']);
    expect(params.train.cv).toEqual({ folds: 6, seed: 9 });
  });

  it('a path below a missing map creates it', () => {
    const { params } = load(TWO_LINES, ['transform.categorical.min_frequency=10']);
    expect(params.transform.categorical).toEqual({ impute: 'missing', min_frequency: 10 });
    expect(applyOverride({}, 'train.cv.seed=7')).toEqual({ train: { cv: { seed: 7 } } });
  });

  it('a gate condition needs no YAML quoting', () => {
    const { params } = load(TWO_LINES, ['evaluate.gates.r2=>= 0.9', 'evaluate.gates.mae=<= 4']);
    expect(params.evaluate.gates).toEqual({ r2: '>= 0.9', mae: '<= 4' });
  });

  it('a path into one model grid keeps the other models (default or list form)', () => {
    const fromDefault = load(TWO_LINES, ['train.models.ridge.alpha=[5]']).params.train.models;
    expect(fromDefault).toEqual({ ...DEFAULT_MODEL_GRIDS, ridge: { alpha: [5] } });
    const fromList = load(`${TWO_LINES}train:\n  models: [linear, decision_tree]\n`, ['train.models.decision_tree.max_depth=3']);
    expect(fromList.params.train.models).toEqual({ linear: {}, decision_tree: { max_depth: 3, min_samples_leaf: [5, 20] } });
  });

  it('applyOverride returns a copy and leaves its input alone', () => {
    const raw = { train: { cv: { folds: 3 } } };
    const out = applyOverride(raw, 'train.cv.folds=10');
    expect(out).toEqual({ train: { cv: { folds: 10 } } });
    expect(raw).toEqual({ train: { cv: { folds: 3 } } });
    expect(() => applyOverride(raw, 'train.cv.folds')).toThrow("-S expects key.path=value, got 'train.cv.folds'");
  });
});

describe('explicit keys', () => {
  it('records what the file and -S set (and their sections), not the defaults', () => {
    const { explicit } = load(`${TWO_LINES}evaluate:\n  gates: { rmse: "<= 5" }\n`, ['train.cv.folds=3']);
    expect([...explicit].sort()).toEqual([
      'data', 'data.source', 'data.target', 'evaluate', 'evaluate.gates', 'train', 'train.cv', 'train.cv.folds',
    ]);
    expect(explicit.has('train.metric')).toBe(false);
  });

  it('a -S path into a model grid marks train.models as set', () => {
    expect(load(TWO_LINES, ['train.models.ridge.alpha=1']).explicit.has('train.models')).toBe(true);
  });
});

describe('paramsSlice and flattenParams', () => {
  it('takes dotted keys into a nested, key-sorted record', () => {
    const { params } = load(TWO_LINES);
    const slice = paramsSlice(params, ['split', 'data.target', 'data.drop']);
    expect(JSON.stringify(slice)).toBe('{"data":{"drop":[],"target":"math_score"},"split":{"seed":42,"stratify":"auto","test_size":0.2}}');
    expect(() => paramsSlice(params, ['split.nope'])).toThrow("paramsSlice: 'split.nope' is not a params key");
  });

  it('is stable: the order of keys in the file does not matter', () => {
    const a = load(`${TWO_LINES}train:\n  metric: mae\n  cv: { seed: 1, folds: 3 }\n  models: { ridge: { alpha: [1], solver: auto }, linear: {} }\n`);
    const b = load(`train:\n  models: { linear: {}, ridge: { solver: auto, alpha: [1] } }\n  cv: { folds: 3, seed: 1 }\n  metric: mae\n${TWO_LINES}`);
    expect(JSON.stringify(paramsSlice(a.params, ['train']))).toBe(JSON.stringify(paramsSlice(b.params, ['train'])));
    expect(JSON.stringify(paramsSlice(a.params, ['data', 'train']))).toBe(JSON.stringify(paramsSlice(b.params, ['train', 'data'])));
  });

  it('flattens to dotted paths; lists and empty maps are leaves', () => {
    expect(flattenParams({ train: { cv: { folds: 5 }, models: { linear: {}, ridge: { alpha: [1, 2] } } }, data: { drop: [] } })).toEqual({
      'train.cv.folds': 5,
      'train.models.linear': {},
      'train.models.ridge.alpha': [1, 2],
      'data.drop': [],
    });
    expect(flattenParams({ folds: 5 }, 'train.cv')).toEqual({ 'train.cv.folds': 5 });
    expect(flattenParams(3)).toEqual({});
  });
});

describe('paths and loading from disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spm-params-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a file and resolves data paths against its directory', async () => {
    const file = join(dir, 'params.yaml');
    writeFileSync(file, TWO_LINES);
    const loaded = await loadParams(file, ['data.target=reading_score']);
    expect(loaded.file).toBe(file);
    expect(loaded.dir).toBe(dir);
    expect(loaded.params.data.target).toBe('reading_score');
    expect(resolveDataPath(loaded, loaded.params.data.source[0])).toBe(join(dir, 'data/students.csv'));
    expect(resolveDataPath(loaded, '/abs/x.csv')).toBe('/abs/x.csv');
  });

  it('messages name the file the user wrote', async () => {
    const file = join(dir, 'exp.yaml');
    writeFileSync(file, 'data:\n  source: x.csv\n');
    const err = await loadParams(file, []).catch((e: unknown) => e);
    expect((err as SpmError).message).toBe('data.target is required');
    writeFileSync(file, `${TWO_LINES}trian: {}\n`);
    const err2 = await loadParams(file, []).catch((e: unknown) => e);
    expect((err2 as SpmError).message).toBe("unknown key 'trian' in exp.yaml — did you mean 'train'?");
  });
});

describe('validateParams (issues as data)', () => {
  it('returns every issue with its path', () => {
    const { issues } = validateParams({ data: { source: 'x.csv' }, split: { seed: -1 } });
    expect(issues.map((i) => i.path)).toEqual(['data.target', 'split.seed']);
    expect(issues[1].message).toBe('split.seed: expected an integer from 0 to 4294967295, got -1');
  });
});

describe('nearest', () => {
  it('edit distance counts insertions, deletions, substitutions and adjacent transpositions', () => {
    expect(editDistance('metrc', 'metric')).toBe(1);
    expect(editDistance('modles', 'models')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('ca', 'abc')).toBe(3); // OSA, not unrestricted Damerau (which gives 2)
  });

  it('suggests only when close enough, case-insensitively, ties to the first candidate', () => {
    expect(nearest('metrc', ['cv', 'metric', 'models'])).toBe('metric');
    expect(nearest('RMSE', ['rmse', 'mae'])).toBe('rmse');
    expect(nearest('xyz', ['cv', 'metric'])).toBeUndefined();
    expect(nearest('ab', ['ax', 'xb'])).toBe('ax');
    expect(nearest('permutation_repeat', ['permutation_repeats', 'threshold'])).toBe('permutation_repeats');
  });
});
