/** Human rendering of `spm analyze`: the ranked factor table, then one finding per factor. */
import type { ChalkInstance } from 'chalk';
import type { AnalyzeResult } from '../analysis/analyze.js';
import { formatP } from '../analysis/findings.js';
import { formatNumber, renderTable } from './render.js';

const TEST_NAMES: Record<string, string> = {
  welch_t: 'Welch t', anova: 'ANOVA F', pearson: 'Pearson r', chi_square: 'chi-square',
  mann_whitney_u: 'Mann-Whitney U', kruskal_wallis: 'Kruskal-Wallis H', spearman: 'Spearman ρ',
};
const EFFECTS: Record<string, string> = {
  cohens_d: 'd', eta_squared: 'η²', r: 'r', cramers_v: 'V', epsilon_squared: 'ε²', rank_biserial: 'r_rb', rho: 'ρ',
};

export function renderAnalysis(result: AnalyzeResult, c: ChalkInstance): string {
  const all = [...result.factors, ...result.correlations];
  const lines = [`factors of ${result.target} (${result.rows} rows, ${result.task}), strongest first:`, factorTable(result.factors, c)];
  if (result.correlations.length) lines.push('', `numeric factors, by correlation with ${result.target}:`, factorTable(result.correlations, c));
  lines.push('', 'findings:', ...all.map((f) => `  ${f.p_value < 0.05 ? c.bold('•') : c.dim('·')} ${f.finding}`));
  for (const s of result.skipped) lines.push(c.dim(`  (${s.name}: not tested, ${s.reason})`));
  return lines.join('\n');
}

function factorTable(factors: AnalyzeResult['factors'], c: ChalkInstance): string {
  const rows = factors.map((f, i) => [
    String(i + 1),
    f.name,
    TEST_NAMES[f.test] ?? f.test,
    formatNumber(f.statistic),
    formatP(f.p_value).replace('p ', ''),
    f.effect_size === null ? '—' : `${EFFECTS[f.effect_measure] ?? f.effect_measure} = ${formatNumber(f.effect_size)}`,
    `${(100 * f.strength).toFixed(1)}%`,
    f.rank_test ? `${TEST_NAMES[f.rank_test.test] ?? f.rank_test.test} ${formatP(f.rank_test.p_value)}` : '',
  ]);
  const rankBased = factors.some((f) => f.rank_test);
  const head = ['#', 'factor', 'test', 'statistic', 'p', 'effect', 'variance explained', ...(rankBased ? ['rank-based (skewed)'] : [])];
  return renderTable(head, rows.map((r) => (rankBased ? r : r.slice(0, -1))), c);
}
