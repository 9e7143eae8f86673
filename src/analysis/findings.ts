/**
 * One sentence a teacher can read per factor, from the figures analyze computed, e.g.
 * "Students with lunch = standard score 11.1 points higher in math_score on average than
 * those with free/reduced (p < 0.001, d = 0.78)." Effects that are not significant at 5 % are
 * said to be unclear rather than absent.
 */
import type { AnalyzeInput, FactorAnalysis } from './analyze.js';

type Figures = Omit<FactorAnalysis, 'finding'>;

/** p as papers print it: "p < 0.001", or two significant figures. */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toPrecision(2) : p.toFixed(2)}`;
}

const SIGNIFICANT = 0.05;
const EFFECT_SYMBOL: Record<string, string> = { cohens_d: 'd', eta_squared: 'η²', r: 'r', cramers_v: 'V' };

const fixed = (x: number, digits: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(digits));
const percent = (x: number): string => `${(100 * x).toFixed(0)}%`;

export function describeFinding(input: AnalyzeInput, f: Figures): string {
  const target = input.target.name;
  const stats = `${formatP(f.p_value)}${f.effect_size === null ? '' : `, ${EFFECT_SYMBOL[f.effect_measure] ?? f.effect_measure} = ${fixed(Math.abs(f.effect_size), 2)}`}`;
  if (f.p_value >= SIGNIFICANT) return `No clear link between ${f.name} and ${target} (${formatP(f.p_value)}).`;
  return `${headline(input, f, stats)}${caveat(f)}`;
}

/** When the groups are skewed and the rank-based test does not back the parametric one up, say so. */
function caveat(f: Figures): string {
  if (!f.rank_test || f.rank_test.p_value < SIGNIFICANT) return '';
  return ` The values are skewed and a rank-based test does not confirm it (${formatP(f.rank_test.p_value)}).`;
}

function headline(input: AnalyzeInput, f: Figures, stats: string): string {
  const target = input.target.name;

  if (f.kind === 'numeric' && input.target.kind === 'numeric') {
    const direction = f.statistic > 0 ? 'rises' : 'falls';
    return `${target} ${direction} with ${f.name} (${stats}): about ${fixed(Math.abs(f.slope ?? 0), 2)} points per unit of ${f.name}.`;
  }
  const ranked = [...f.groups].filter((g) => g.mean !== null).sort((a, b) => b.mean! - a.mean!);
  const top = ranked[0]!;
  const bottom = ranked[ranked.length - 1]!;
  if (input.task === 'regression') {
    if (ranked.length === 2) {
      return `Students with ${f.name} = ${top.value} score ${fixed(top.mean! - bottom.mean!, 1)} points higher in ${target} on average than those with ${bottom.value} (${stats}).`;
    }
    return `${target} differs by ${f.name} (${stats}): highest for ${top.value} (${fixed(top.mean!, 1)}), lowest for ${bottom.value} (${fixed(bottom.mean!, 1)}).`;
  }
  const share = input.positiveClass === undefined ? 'the commonest class' : `${input.positiveClass}`;
  if (f.kind === 'numeric') {
    // Groups are the target's classes, means are the factor's.
    return `Students with ${target} = ${top.value} have higher ${f.name} on average than those with ${bottom.value} (${fixed(top.mean!, 1)} vs ${fixed(bottom.mean!, 1)}; ${stats}).`;
  }
  return `The share of ${share} differs by ${f.name} (${stats}): ${percent(top.mean!)} for ${top.value}, ${percent(bottom.mean!)} for ${bottom.value}.`;
}
