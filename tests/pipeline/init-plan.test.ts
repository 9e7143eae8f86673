/** `spm init`'s decisions and the params file it writes (pure). */
import { describe, expect, it } from 'vitest';
import { recordsToTable } from '../../src/data/to-table.js';
import { planInit, nameWords, type InitPlan } from '../../src/pipeline/init-plan.js';
import { renderInitYaml, yamlString } from '../../src/pipeline/init-yaml.js';
import { parseParamsText } from '../../src/pipeline/params.js';
import { thrownSpmError } from '../helpers/errors.js';

const text = (header: string[], rows: string[][]) =>
  recordsToTable(header, rows, rows.map((_, i) => i + 2), header.map((name) => ({ name, type: 'categorical' as const }))).table;
const plan = (header: string[], rows: string[][], target?: string): InitPlan =>
  planInit({ source: 'data/grades.csv', file: 'grades.csv', table: text(header, rows), ...(target ? { target } : {}) });
const decision = (p: InitPlan, key: string) => p.decisions.find((d) => d.key === key);

// 40 students: an id, a sex coded 0/1, mother's education 0..4, hours, a Pass/Fail result (Fail the majority).
const rows = Array.from({ length: 40 }, (_, i) => [`P${1000 + i}`, String(i % 2), String(i % 5), String(((i * 7) % 23) + 0.5), i % 4 === 0 ? 'Pass' : 'Fail']);
const HEADER = ['pupil_id', 'Sex', 'Medu', 'study_hours', 'Final_Result'];

describe('spm init decisions', () => {
  const p = plan(HEADER, rows);

  it('guesses the target by its name and says so', () => {
    expect(p.target).toBe('Final_Result');
    expect(decision(p, 'data.target')!.reason).toBe("a guess: the first column whose name has 'result' (--target COL to choose another)");
    expect(p.task).toBe('classification');
    expect(decision(p, 'data.task')!.reason).toBe('2 distinct values (Fail, Pass)');
  });

  it('takes the class that means "fail" as the positive class, majority or not', () => {
    expect(p.positiveClass).toBe('Fail');
    expect(decision(p, 'data.positive_class')!.reason).toMatch(/^'Fail' means at risk/);
  });

  it('else the minority class, with its count', () => {
    const yn = plan(['x', 'outcome'], Array.from({ length: 20 }, (_, i) => [String(i), i < 6 ? 'B' : 'A']));
    expect(yn.positiveClass).toBe('B');
    expect(decision(yn, 'data.positive_class')!.reason).toBe("the minority class (6 of 20 rows), usually the one to find; no class reads as 'fail' or 'at risk'");
  });

  it('finds ids, integer codes and sensitive columns (a 0/1 sex is declared categorical for fairness)', () => {
    expect(p.idColumns).toEqual(['pupil_id']);
    expect(p.types).toEqual({ Medu: 'categorical', Sex: 'categorical' });
    expect(decision(p, 'data.types')!.reason).toBe(
      'read as categories, not numbers — Medu: 5 integer values (0, 1, 2, 3, 4); Sex: a sensitive column coded as numbers, so fairness can compare its groups',
    );
    expect(p.sensitive).toEqual(['Sex']);
  });

  it('sets a gate per task and says why', () => {
    expect(p.gate).toEqual({ metric: 'roc_auc', condition: '>= 0.7' });
    const reg = plan(['hours', 'math_score'], Array.from({ length: 30 }, (_, i) => [String(i), String(40 + i)]));
    expect([reg.task, reg.gate]).toEqual(['regression', { metric: 'r2', condition: '>= 0.5' }]);
    const three = plan(['hours', 'grade'], Array.from({ length: 30 }, (_, i) => [String(i), ['A', 'B', 'C'][i % 3]!]));
    expect(three.gate).toEqual({ metric: 'balanced_accuracy', condition: '>= 0.53' });
    expect(decision(three, 'evaluate.gates.balanced_accuracy')!.reason).toBe('balanced_accuracy ≥ 0.53: 0.2 above chance (1/3 = 0.33 for 3 classes)');
    expect(three.positiveClass).toBeNull();
  });

  it('takes the last column when no name says outcome', () => {
    const p2 = plan(['a', 'b', 'c'], Array.from({ length: 20 }, (_, i) => [String(i % 3), String(i % 4), String(i)]));
    expect(p2.target).toBe('c');
    expect(decision(p2, 'data.target')!.reason).toMatch(/^a guess: the last column/);
  });

  it('refuses a file of one column, and a --target that is not a column (nearest named)', () => {
    const one = thrownSpmError(() => plan(['score'], [['1'], ['2']]));
    expect(one.code).toBe('NO_FEATURES');
    expect(one.message).toBe("grades.csv has one column ('score'): a target and at least one feature are needed");
    const unknown = thrownSpmError(() => plan(HEADER, rows, 'final_result'));
    expect(unknown.code).toBe('MISSING_COLUMN');
    expect(unknown.message).toBe("--target: column 'final_result' is not in grades.csv — did you mean 'Final_Result'?");
  });

  it('splits names into words', () => {
    expect(nameWords('Final_Result')).toEqual(['final', 'result']);
    expect(nameWords('mathScore')).toEqual(['math', 'score']);
  });
});

describe('the params file spm init writes', () => {
  it('validates as it is, with every decision in it and its reason as a comment', () => {
    const p = plan(HEADER, rows);
    const yaml = renderInitYaml(p, { file: 'grades.csv', version: '0.2.0' });
    const { params } = parseParamsText(yaml, '/w/params.yaml', []);
    expect(params.data).toMatchObject({ source: ['data/grades.csv'], target: 'Final_Result', task: 'classification', positive_class: 'Fail', id_columns: ['pupil_id'], types: { Medu: 'categorical', Sex: 'categorical' } });
    expect(params.evaluate.gates).toEqual({ roc_auc: '>= 0.7' });
    expect(params.evaluate.sensitive).toEqual(['Sex']);
    expect(yaml).toContain("  positive_class: Fail  # 'Fail' means at risk");
  });

  it('quotes what YAML would read as something else', () => {
    expect(['Pass', 'yes', 'No', '1', 'group A', '>= 0.5', 'true', '../in/a.csv', '.nan'].map(yamlString)).toEqual(['Pass', '"yes"', '"No"', '"1"', '"group A"', '">= 0.5"', '"true"', '../in/a.csv', '".nan"']);
    const p = plan(['x y', 'passed'], Array.from({ length: 20 }, (_, i) => [String(i), i % 3 ? 'yes' : 'no']));
    const { params } = parseParamsText(renderInitYaml(p, { file: 'f.csv', version: '0' }), '/w/params.yaml', []);
    expect(params.data.target).toBe('passed');
    expect(params.data.positive_class).toBe('no');
  });

  it('writes the dialect the reader detected as data.csv', () => {
    const p = planInit({ source: 'a.csv', file: 'a.csv', table: text(['x', 'score'], Array.from({ length: 20 }, (_, i) => [String(i), String(i * 3)])), dialect: { delimiter: ';' } });
    const yaml = renderInitYaml(p, { file: 'a.csv', version: '0' });
    expect(yaml).toContain('  csv:');
    expect(yaml).toContain('    delimiter: ";"');
    expect(decision(p, 'data.csv.delimiter')).toEqual({ key: 'data.csv.delimiter', value: ';', reason: 'detected by the reader (not the default)' });
  });
});
