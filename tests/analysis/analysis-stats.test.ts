/**
 * The group comparisons of spm analyze against scipy: Welch's t-test, one-way ANOVA,
 * Mann–Whitney U, Kruskal–Wallis and the effect sizes (Cohen's d, η², ε², Cramér's V). The
 * distributions and sample statistics they build on are tested in tests/stats.
 */
import { describe, expect, it } from 'vitest';
import { cohensD, cramersV, epsilonSquared, etaSquared, kruskalWallis, mannWhitneyU, oneWayAnova, welchTTest } from '../../src/analysis/index.js';
import { bell } from '../helpers/bell.js';
import { close } from '../helpers/close.js';
import { A, B, plus, TA, TB, TC } from '../helpers/reference-samples.js';

// Reference values: scipy 1.10.1 / numpy 1.24.2 (Python 3, /usr/bin/python3), each literal names
// its call: `from scipy import stats, special`. Samples named bell(seed, n, shift) are built
// identically in Python (tests/helpers/bell.ts):
//   def minstd(seed, n): x = seed; out = []
//       for _ in range(n): x = x * 48271 % 2147483647; out.append(x / 2147483647)
//       return out
//   def bell(seed, n, shift=0.0): u = minstd(seed, 3 * n)
//       return np.array([u[3*i] + u[3*i+1] + u[3*i+2] + shift for i in range(n)])

describe('welchTTest = scipy.stats.ttest_ind(a, b, equal_var=False)', () => {
  // df from the Welch–Satterthwaite expression on np.var(·, ddof=1), as scipy computes it.
  const welch = (a: ArrayLike<number>, b: ArrayLike<number>, t: number, df: number, p: number): void => {
    const r = welchTTest(a, b);
    close(r?.statistic, t, 1e-12);
    close(r?.df, df, 1e-12);
    close(r?.pValue, p, 1e-10);
  };

  it('matches scipy, from tiny samples to large ones and p near 1e-50', () => {
    welch(A, B, -2.7796999813489744, 18.63599195335228, 0.012087665657135566); // ttest_ind(A, B, equal_var=False)
    welch(TA, TB, -1.4862760152282022, 19.13129858870066, 0.1535006098871404); // ttest_ind(TA, TB, equal_var=False)
    welch([1, 2], [3, 4, 5], -3.273268353539886, 2.8823529411764697, 0.049416256862577515); // ttest_ind([1,2], [3,4,5], equal_var=False)
    // ttest_ind(bell(7,200), bell(11,150,0.9), equal_var=False)
    welch(bell(7, 200), bell(11, 150, 0.9), -17.908040557581295, 325.28850491441017, 2.1656325289837803e-50);
    // ttest_ind(bell(13,3000), bell(17,2500,0.02), equal_var=False)
    welch(bell(13, 3000), bell(17, 2500, 0.02), -2.0603494112855727, 5350.465896851064, 0.03941339198854451);
  });

  it('a sample with fewer than 2 values: null (scipy: nan)', () => {
    expect(welchTTest([1], [2, 3])).toBeNull();
    expect(welchTTest([], [2, 3])).toBeNull();
  });

  it('constant samples: scipy\'s ±inf and p = 0 when they differ; t = 0, p = 1 when identical (scipy: nan)', () => {
    expect(welchTTest([3, 3, 3], [5, 5])).toEqual({ statistic: Number.NEGATIVE_INFINITY, df: 1, pValue: 0 }); // ttest_ind([3,3,3],[5,5],equal_var=False) = (-inf, 0.0)
    expect(welchTTest([0.1, 0.1, 0.1], [0.1, 0.1])).toEqual({ statistic: 0, df: 1, pValue: 1 }); // scipy: (nan, nan)
  });
});

describe('oneWayAnova = scipy.stats.f_oneway(*groups)', () => {
  const anova = (groups: ArrayLike<number>[], f: number, df1: number, df2: number, p: number, rtol = 1e-12): void => {
    const r = oneWayAnova(groups);
    close(r?.statistic, f, rtol);
    expect([r?.df1, r?.df2]).toEqual([df1, df2]);
    close(r?.pValue, p, 1e-10);
  };

  it('matches scipy', () => {
    anova([TA, TB, TC], 6.2672643433211475, 2, 26, 0.006006242376465917); // f_oneway(TA, TB, TC)
    anova([bell(3, 40), bell(5, 55, 0.2), bell(9, 33, 0.5)], 6.309960166488725, 2, 125, 0.002450724157070532); // f_oneway(bell(3,40), bell(5,55,0.2), bell(9,33,0.5))
    anova([[3], [5], [6, 7]], 8.25, 2, 1, 0.23904572186687878); // f_oneway([3],[5],[6,7]): groups of one value count
    // f_oneway(bell(3,400), bell(5,550,0.6), bell(9,330,0.3), bell(21,100,0.1))
    anova([bell(3, 400), bell(5, 550, 0.6), bell(9, 330, 0.3), bell(21, 100, 0.1)], 118.81348410744958, 3, 1376, 2.004116556275216e-68);
    // f_oneway(A + 1e6, B + 1e6): means large against the spread, both centre on the grand mean (exact F: …514)
    anova([plus(A, 1e6), plus(B, 1e6)], 7.359031094261513, 1, 19, 0.01380397696525077);
  });

  it('drops empty groups (scipy: nan); null when fewer than 2 groups or no within-group df', () => {
    const r = oneWayAnova([TA, [], TB, TC]);
    expect(r).toEqual(oneWayAnova([TA, TB, TC]));
    expect(oneWayAnova([TA])).toBeNull();
    expect(oneWayAnova([TA, []])).toBeNull();
    expect(oneWayAnova([])).toBeNull();
    expect(oneWayAnova([[1], [2], [3]])).toBeNull(); // f_oneway([1],[2],[3]): nan, all groups of one value
  });

  it('constant groups: F = inf, p = 0 when they differ (scipy); F = 0, p = 1 when identical (scipy: nan)', () => {
    expect(oneWayAnova([[3, 3, 3], [5, 5]])).toEqual({ statistic: Number.POSITIVE_INFINITY, df1: 1, df2: 3, pValue: 0 }); // f_oneway([3,3,3],[5,5]) = (inf, 0.0)
    expect(oneWayAnova([[0.1, 0.1, 0.1], [0.1, 0.1]])).toEqual({ statistic: 0, df1: 1, df2: 3, pValue: 1 }); // scipy: (nan, nan)
  });
});

describe('mannWhitneyU = scipy.stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic")', () => {
  const mwu = (a: ArrayLike<number>, b: ArrayLike<number>, u: number, p: number): void => {
    const r = mannWhitneyU(a, b);
    expect(r?.statistic).toBe(u);
    close(r?.pValue, p, 1e-10);
  };

  it('matches scipy, with ties and p near 1e-49; the statistic is U of the first sample', () => {
    mwu(A, B, 20, 0.017277839493770483); // mannwhitneyu(A, B, ...)
    mwu(B, A, 88, 0.017277839493770483); // mannwhitneyu(B, A, ...)
    mwu(TA, TB, 38.5, 0.16157380987371617); // mannwhitneyu(TA, TB, ...), tie-corrected
    mwu(bell(7, 200), bell(11, 150, 1.2), 1148, 1.7831417127333078e-49); // mannwhitneyu(bell(7,200), bell(11,150,1.2), ...)
    mwu([1, 2, 2, 3], [2], 2, 1); // mannwhitneyu([1,2,2,3], [2], ...): p clipped at 1
  });

  it('empty sample: null; all values identical: U = n_a·n_b/2, p = 1 (as scipy)', () => {
    expect(mannWhitneyU([], [1, 2])).toBeNull();
    expect(mannWhitneyU([3, 3, 3], [3, 3])).toEqual({ statistic: 3, pValue: 1 }); // mannwhitneyu([3,3,3],[3,3], ...) = (3.0, 1.0)
  });
});

describe('kruskalWallis = scipy.stats.kruskal(*groups)', () => {
  const kw = (groups: ArrayLike<number>[], h: number, df: number, p: number): void => {
    const r = kruskalWallis(groups);
    close(r?.statistic, h, 1e-12);
    expect(r?.df).toBe(df);
    close(r?.pValue, p, 1e-10);
  };

  it('matches scipy, tie-corrected, p near 1e-185', () => {
    kw([TA, TB, TC], 9.656545073375254, 2, 0.008000329611707447); // kruskal(TA, TB, TC)
    kw([A, B], 5.838383838383848, 1, 0.01568022305908072); // kruskal(A, B)
    kw([bell(3, 40), bell(5, 55, 0.2), bell(9, 33, 0.5)], 10.914693996652545, 2, 0.004264855417723332); // kruskal(bell(3,40), bell(5,55,0.2), bell(9,33,0.5))
    kw([bell(3, 400), bell(5, 550, 1.5), bell(9, 330, 0.3)], 851.4391776848925, 2, 1.2951847660390463e-185); // kruskal(bell(3,400), bell(5,550,1.5), bell(9,330,0.3))
    kw([[1], [2]], 1, 1, 0.31731050786291115); // kruskal([1], [2])
  });

  it('drops empty groups (scipy: nan); null below 2 groups; all identical: H = 0, p = 1 (scipy raises)', () => {
    expect(kruskalWallis([TA, [], TB, TC])).toEqual(kruskalWallis([TA, TB, TC]));
    expect(kruskalWallis([TA, []])).toBeNull();
    expect(kruskalWallis([])).toBeNull();
    expect(kruskalWallis([[3, 3], [3, 3, 3]])).toEqual({ statistic: 0, df: 1, pValue: 1 }); // kruskal: "All numbers are identical"
  });
});

describe('effect sizes', () => {
  it('cohensD = (mean(a) − mean(b)) / sqrt(((na−1)·var(a, ddof=1) + (nb−1)·var(b, ddof=1)) / (na+nb−2)) (numpy)', () => {
    close(cohensD(A, B), -1.1962118176935563, 1e-12);
    close(cohensD(TA, TB), -0.6376825261439877, 1e-12);
    // numpy says nan for [1] vs [2, 4] (var of one value); the pooled formula gives the singleton no spread
    close(cohensD([1], [2, 4]), -2 / Math.sqrt(2), 1e-15);
    expect(cohensD([1], [2])).toBeNull();
    expect(cohensD([], [2, 3])).toBeNull();
    expect(cohensD([3, 3], [3, 3, 3])).toBe(0);
    expect(cohensD([5, 5], [3, 3, 3])).toBe(Number.POSITIVE_INFINITY);
  });

  it('etaSquared = SS_between / SS_total (numpy expression on the pooled values)', () => {
    close(etaSquared([TA, TB, TC]), 0.32528044623489316, 1e-12);
    close(etaSquared([bell(3, 40), bell(5, 55, 0.2), bell(9, 33, 0.5)]), 0.09170126172463264, 1e-12);
    expect(etaSquared([TA, []])).toBeNull();
    expect(etaSquared([[2, 2], [2]])).toBe(0);
    expect(etaSquared([[2, 2], [4]])).toBe(1);
  });

  it('epsilonSquared = H/(n − 1) (Tomczak & Tomczak 2014)', () => {
    const kw = kruskalWallis([TA, TB, TC])!;
    close(epsilonSquared(kw.statistic, TA.length + TB.length + TC.length), 9.656545073375254 / 28, 1e-12);
    expect(epsilonSquared(0, 2)).toBe(0);
    expect(() => epsilonSquared(1, 1)).toThrow(RangeError);
    expect(() => epsilonSquared(Number.NaN, 10)).toThrow(RangeError);
  });

  it('cramersV = scipy.stats.contingency.association(table, method="cramer", correction=False)', () => {
    close(cramersV([[120, 90, 40, 10], [100, 95, 60, 5], [30, 40, 20, 8]]), 0.11703409481494384, 1e-12);
    close(cramersV([[30, 10], [20, 25]]), 0.30988989340045603, 1e-12); // uncorrected X² even for 2 × 2
    close(cramersV([[12, 30], [10, 25], [40, 2]]), 0.637742670687969, 1e-12);
    expect(cramersV([[10, 0], [0, 10]])).toBe(1);
    expect(cramersV([[5, 7], [0, 0]])).toBe(0); // one row left (scipy: nan)
    expect(cramersV([[0]])).toBeNull();
  });
});
