/**
 * `spm analyze` (SPEC §4): which factors drive the target. Per factor: its groups (size and
 * target mean, or positive-class share), the test that fits the two columns' kinds
 * (factor-tests.ts), the effect size, a plain-language finding, ranked by the share of the
 * target's variance the factor accounts for. Factors that group students (gender, lunch, …)
 * and numeric covariates of a numeric target (other scores: correlations) are ranked apart:
 * a second exam score always "explains" more than any background factor, and is no factor
 * a school can act on. Pure: columns in, a document out.
 * Rows with the factor or the target missing are left out of that factor's figures only.
 */
import type { Column } from '../data/table.js';
import { associate, compareGroups, correlate, type FactorTest } from './factor-tests.js';
import { describeFinding } from './findings.js';
import { mean, sampleVariance } from '../stats/moments.js';

export interface GroupSummary {
  readonly value: string;
  readonly n: number;
  /** Numeric target: its mean in the group. Categorical target: the share of the positive class (binary) or of the group's most common class. */
  readonly mean: number | null;
  /** Categorical target: the share of each class in the group. */
  readonly shares?: Readonly<Record<string, number>>;
}

export interface FactorAnalysis extends FactorTest {
  readonly name: string;
  readonly kind: 'categorical' | 'numeric';
  /** Rows where both the factor and the target are present. */
  readonly n: number;
  readonly groups: readonly GroupSummary[];
  readonly finding: string;
  /** Numeric factor, numeric target: the least-squares slope (target units per factor unit). */
  readonly slope?: number;
}

export interface AnalyzeInput {
  readonly target: Column;
  readonly task: 'regression' | 'classification';
  /** Classification: the class shares refer to this class (binary), else to each group's commonest. */
  readonly positiveClass?: string;
  readonly factors: readonly Column[];
}

export interface AnalyzeResult {
  readonly target: string;
  readonly task: 'regression' | 'classification';
  readonly rows: number;
  /** Factors that group the students (categorical factors; every factor of a class target), strongest first. */
  readonly factors: readonly FactorAnalysis[];
  /** Numeric factors of a numeric target (no groups: Pearson's r), strongest first. */
  readonly correlations: readonly FactorAnalysis[];
  /** Factors no test applies to (a single level, a constant column…), with the reason. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

export function analyzeFactors(input: AnalyzeInput): AnalyzeResult {
  const factors: FactorAnalysis[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const factor of input.factors) {
    const result = analyzeFactor(input, factor);
    if (typeof result === 'string') skipped.push({ name: factor.name, reason: result });
    else factors.push(result);
  }
  const strongestFirst = (a: FactorAnalysis, b: FactorAnalysis): number => b.strength - a.strength || a.p_value - b.p_value || (a.name < b.name ? -1 : 1);
  const rows = input.target.kind === 'numeric' ? input.target.values.length : input.target.codes.length;
  return {
    target: input.target.name,
    task: input.task,
    rows,
    factors: factors.filter((f) => f.test !== 'pearson').sort(strongestFirst),
    correlations: factors.filter((f) => f.test === 'pearson').sort(strongestFirst),
    skipped,
  };
}

const present = (column: Column, row: number): boolean =>
  column.kind === 'numeric' ? !Number.isNaN(column.values[row]!) : column.codes[row]! >= 0;

function analyzeFactor(input: AnalyzeInput, factor: Column): FactorAnalysis | string {
  const { target } = input;
  const rows: number[] = [];
  const n = target.kind === 'numeric' ? target.values.length : target.codes.length;
  for (let r = 0; r < n; r++) if (present(factor, r) && present(target, r)) rows.push(r);
  if (rows.length < 3) return 'fewer than 3 rows with both values';

  if (factor.kind === 'numeric' && target.kind === 'numeric') {
    const x = Float64Array.from(rows, (r) => factor.values[r]!);
    const y = Float64Array.from(rows, (r) => target.values[r]!);
    const test = correlate(x, y);
    if (!test) return 'constant';
    const slope = test.statistic * (sd(y) / sd(x));
    const base = { name: factor.name, kind: 'numeric' as const, n: rows.length, groups: [], slope, ...test };
    return { ...base, finding: describeFinding(input, base) };
  }
  // The grouping variable: the factor's levels, or (numeric factor, categorical target) the classes.
  const by = factor.kind === 'categorical' ? factor : (target as Extract<Column, { kind: 'categorical' }>);
  const levels = new Map<number, number[]>();
  for (const r of rows) {
    const code = by.codes[r]!;
    let members = levels.get(code);
    if (!members) levels.set(code, (members = []));
    members.push(r);
  }
  const codes = [...levels.keys()].sort((a, b) => a - b);
  let test: FactorTest | null;
  let groups: GroupSummary[];
  if (target.kind === 'numeric' || factor.kind === 'numeric') {
    const values = target.kind === 'numeric' ? target.values : (factor as Extract<Column, { kind: 'numeric' }>).values;
    const samples = codes.map((c) => Float64Array.from(levels.get(c)!, (r) => values[r]!));
    groups = codes.map((c, i) => ({ value: by.dictionary[c]!, n: samples[i]!.length, mean: mean(samples[i]!) }));
    test = compareGroups(samples);
  } else {
    const classes = target.dictionary;
    const positive = input.positiveClass === undefined ? -1 : classes.indexOf(input.positiveClass);
    const table = codes.map((c) => {
      const counts = new Float64Array(classes.length);
      for (const r of levels.get(c)!) counts[target.codes[r]!]!++;
      return counts;
    });
    groups = codes.map((c, i) => {
      const counts = table[i]!;
      const total = counts.reduce((s, x) => s + x, 0);
      const shares = Object.fromEntries(classes.map((name, k) => [name, counts[k]! / total]));
      return { value: by.dictionary[c]!, n: total, mean: positive >= 0 ? counts[positive]! / total : Math.max(...counts) / total, shares };
    });
    test = associate(table);
  }
  if (!test) return groups.length < 2 ? 'a single level' : 'no variation to test';
  const base = { name: factor.name, kind: factor.kind, n: rows.length, groups, ...test };
  return { ...base, finding: describeFinding(input, base) };
}

const sd = (values: Float64Array): number => Math.sqrt(sampleVariance(values));
