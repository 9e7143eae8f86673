import { describe, expect, it } from 'vitest';
import { bell } from '../helpers/bell.js';
import {
  averageRanks,
  chiSquareIndependence,
  cohensD,
  correlationPValue,
  cramersV,
  epsilonSquared,
  etaSquared,
  fSf,
  kruskalWallis,
  logBeta,
  mannWhitneyU,
  normalSf,
  oneWayAnova,
  pearson,
  regularizedBeta,
  regularizedBetaPair,
  sampleSkewness,
  spearman,
  studentTSf,
  studentTTwoSidedP,
  welchTTest,
} from '../../src/analysis/index.js';

// Reference values: scipy 1.10.1 / numpy 1.24.2 (Python 3, /usr/bin/python3), each literal names
// its call: `from scipy import stats, special`. Where scipy itself is off in the tenth digit (the
// F and beta tails at a million degrees of freedom) the literal is from mpmath 1.2.1 at 40 digits,
// I_x(a, b) = x^a (1−x)^b / (a B(a,b)) · 2F1(a+b, 1; a+1; x) (A&S 26.5.23), and scipy's value is
// quoted beside it. Samples named bell(seed, n, shift) are built identically in Python (as in
// tests/drift/drift-stats.test.ts):
//   def minstd(seed, n): x = seed; out = []
//       for _ in range(n): x = x * 48271 % 2147483647; out.append(x / 2147483647)
//       return out
//   def bell(seed, n, shift=0.0): u = minstd(seed, 3 * n)
//       return np.array([u[3*i] + u[3*i+1] + u[3*i+2] + shift for i in range(n)])


/** |actual − expected| ≤ rtol·|expected| (exact equality for 0). */
const close = (actual: number | undefined, expected: number, rtol: number): void => {
  expect(actual).toBeTypeOf('number');
  expect(Number.isNaN(actual)).toBe(false);
  if (expected === 0) expect(actual).toBe(0);
  else expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rtol * Math.abs(expected));
};

const A = [0.61, -1.23, 0.05, 1.87, -0.44, 0.92, 2.31, -0.08, 0.47, -1.65, 1.12, 0.33];
const B = [1.41, 0.77, 2.05, 1.96, 0.12, 2.88, 1.53, 0.98, 3.14];
const TA = [55, 60, 60, 65, 70, 70, 70, 75, 80, 85, 90, 60]; // exam scores, many ties
const TB = [60, 65, 70, 70, 75, 80, 80, 85, 90, 95];
const TC = [50, 55, 55, 60, 60, 65, 70];
const X = [1.2, 2.4, 2.4, 3.1, 4.8, 5.0, 5.0, 6.3, 7.7, 8.1, 9.4, 10.2];
const Y = [2.0, 1.8, 3.5, 3.5, 4.1, 6.2, 5.9, 5.9, 8.8, 7.4, 9.9, 12.5];
const plus = (values: readonly number[], shift: number): number[] => values.map((v) => v + shift);

describe('regularizedBeta = scipy.special.betainc(a, b, x)', () => {
  const cases: readonly (readonly [number, number, number, number])[] = [
    [0.5, 0.5, 0.3, 0.3690101195655454],
    [2, 3, 0.4, 0.5247999999999999],
    [5, 2.5, 0.99, 0.9997720159725352],
    [50, 70, 0.3, 0.003566135005956953],
    [3, 4, 1e-12, 1.9999999999954996e-35],
    [200, 300, 0.2, 8.175330430038155e-25],
    [1e4, 1e4, 0.48, 7.610739113431718e-9], // both parameters large (Didonato–Morris prefactor)
    [0.1, 0.2, 0.9, 0.780488032002446],
    [30, 0.5, 0.05, 9.793216739467764e-41],
  ];
  it.each(cases)('betainc(%s, %s, %s)', (a, b, x, expected) => close(regularizedBeta(x, a, b), expected, 1e-10));

  it('a = 5e5, b = ½ near x = 1: mpmath (scipy 1.10.1 gives 4.319493930131856e-08, 2e-10 off)', () => {
    close(regularizedBeta(0.99997, 500_000, 0.5), 4.319493929162094244e-8, 1e-11); // mpmath betainc(500000, 0.5, 0.99997)
  });

  it('end points, symmetry and the pair form', () => {
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
    close(regularizedBeta(0.3, 4, 7) + regularizedBeta(0.7, 7, 4), 1, 1e-15); // I_x(a, b) = 1 − I_{1−x}(b, a)
    close(regularizedBetaPair(0.25, 0.75, 2, 3), regularizedBeta(0.25, 2, 3), 1e-15);
    expect(regularizedBeta(1.5, 2, 3)).toBeNaN();
    expect(regularizedBeta(0.5, 0, 3)).toBeNaN();
  });

  it('logBeta = scipy.special.betaln, small and large arguments', () => {
    close(logBeta(2, 3), Math.log(1 / 12), 1e-14); // B(2, 3) = 1/12
    close(logBeta(500_000, 0.5), -5.988816495777464310315, 1e-14); // mpmath log(beta(500000, 0.5))
    close(logBeta(1e4, 2e4), -19098.90853822089167, 1e-14); // mpmath log(beta(1e4, 2e4)); scipy betaln(1e4, 2e4) = -19098.908538220945
  });
});

describe('studentTSf = scipy.stats.t.sf(t, df); studentTTwoSidedP = 2·t.sf(|t|, df)', () => {
  const cases: readonly (readonly [number, number, number])[] = [
    [2, 5, 0.05096973941492914],
    [-1.3, 12, 0.8909914144582428],
    [0.01, 3, 0.496324555706426],
    [40, 30, 6.863022597203181e-28],
    [12, 1000, 2.16202869338729e-31],
    [3.5, 7.3, 0.004671569264242775], // fractional df, as Welch's test has
    [1e5, 2, 4.99999999925e-11],
    [0, 4, 0.5],
    [5, 1e6, 2.8669989354453655e-7], // large df
    [-2, 1e6, 0.9772497330743404],
    [13, 5e4, 7.065791623047589e-39],
  ];
  it.each(cases)('t.sf(%s, %s)', (t, df, expected) => close(studentTSf(t, df), expected, 1e-10));

  it('two-sided p, infinities and the Cauchy tail beyond t² overflow', () => {
    close(studentTTwoSidedP(-2, 5), 2 * 0.05096973941492914, 1e-10); // 2 * t.sf(2, 5)
    expect(studentTTwoSidedP(0, 9)).toBe(1);
    expect(studentTSf(Number.POSITIVE_INFINITY, 3)).toBe(0);
    expect(studentTSf(Number.NEGATIVE_INFINITY, 3)).toBe(1);
    // df = 1 is Cauchy: sf(t) = atan(1/t)/π ≈ 1/(πt); scipy 1.10.1 t.sf(1e200, 1) underflows to 0.0.
    close(studentTSf(1e200, 1), 1 / (Math.PI * 1e200), 1e-12);
    expect(studentTSf(Number.NaN, 3)).toBeNaN();
    expect(studentTSf(1, 0)).toBeNaN();
  });
});

describe('fSf = scipy.stats.f.sf(F, d1, d2)', () => {
  const cases: readonly (readonly [number, number, number, number])[] = [
    [3.2, 2, 27, 0.05660222640850086],
    [0.5, 4, 100, 0.7357709038200608],
    [150, 3, 996, 3.2977617634505207e-80],
    [80, 5, 200, 8.15476685496699e-46],
    [1e4, 2, 10, 3.117199205091784e-17],
  ];
  it.each(cases)('f.sf(%s, %s, %s)', (f, d1, d2, expected) => close(fSf(f, d1, d2), expected, 1e-10));

  it('a million degrees of freedom: mpmath (scipy 1.10.1 is ~1e-10 off there)', () => {
    close(fSf(1.01, 1e5, 1e5), 0.05782719932715407137, 1e-11); // mpmath; scipy f.sf(1.01, 1e5, 1e5) = 0.05782719932088159
    close(fSf(2.5, 1, 1e6), 0.11384661427079862701, 1e-11); // mpmath; scipy f.sf(2.5, 1, 1e6) = 0.11384661429146231
  });

  it('F ≤ 0 → 1, F = ∞ → 0, bad degrees of freedom → NaN', () => {
    expect(fSf(0, 2, 3)).toBe(1);
    expect(fSf(Number.POSITIVE_INFINITY, 2, 3)).toBe(0);
    expect(fSf(1, 0, 3)).toBeNaN();
  });
});

describe('normalSf = scipy.stats.norm.sf(z)', () => {
  const cases: readonly (readonly [number, number])[] = [
    [0, 0.5],
    [1, 0.15865525393145707],
    [-2.5, 0.9937903346742238],
    [5, 2.866515718791933e-7],
    [12, 1.776482112077653e-33],
    [37, 5.7255712225239266e-300],
  ];
  it.each(cases)('norm.sf(%s)', (z, expected) => close(normalSf(z), expected, 1e-12));
});

describe('averageRanks = scipy.stats.rankdata(x, method="average")', () => {
  it('averages ties and sums t³ − t over them', () => {
    const { ranks, tieTerm } = averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]);
    expect([...ranks]).toEqual([4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8]); // rankdata([3,1,4,1,5,9,2,6,5,3,5])
    expect(tieTerm).toBe(6 + 6 + 24); // two pairs and a triple
    expect(averageRanks([]).ranks.length).toBe(0);
  });
});

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

describe('chiSquareIndependence = scipy.stats.chi2_contingency(table, correction=True)', () => {
  const chi = (table: number[][], stat: number, p: number, dof: number, correction = true): void => {
    const r = chiSquareIndependence(table, { correction });
    close(r?.statistic, stat, 1e-12);
    close(r?.pValue, p, 1e-10);
    expect(r?.dof).toBe(dof);
  };

  it('r × c tables, with Yates only when dof = 1', () => {
    chi([[120, 90, 40, 10], [100, 95, 60, 5], [30, 40, 20, 8]], 16.929466475553433, 0.009545990978649227, 6); // chi2_contingency(3 × 4)
    chi([[12, 30], [10, 25], [40, 2]], 48.399169967930575, 3.092101753964829e-11, 2); // chi2_contingency([[12,30],[10,25],[40,2]])
    chi([[30, 10], [20, 25]], 6.949930555555551, 0.00838224869725173, 1); // chi2_contingency([[30,10],[20,25]]), Yates
    chi([[30, 10], [20, 25]], 8.16269841269841, 0.004276070303601571, 1, false); // chi2_contingency(..., correction=False)
    chi([[5, 5], [5, 6]], 0, 1, 1); // chi2_contingency([[5,5],[5,6]]): |O − E| < ½, correction capped at it
    chi([[880, 70], [70, 880]], 1377.8547368421052, 1.3635440763999722e-301, 1); // chi2_contingency([[880,70],[70,880]])
  });

  it('agrees with src/drift chiSquareHomogeneity on a 2 × k table', async () => {
    const { chiSquareHomogeneity } = await import('../../src/drift/chi-square.js');
    expect(chiSquareIndependence([[12, 0, 30], [10, 4, 25]])).toEqual(chiSquareHomogeneity([12, 0, 30], [10, 4, 25]));
  });

  it('drops empty rows and columns (scipy raises on them); a single row or column left: 0, dof 0, p 1', () => {
    // scipy raises "expected frequencies has a zero element"; without them: chi2_contingency([[12,30,8],[10,25,15]])
    chi([[12, 0, 30, 8], [0, 0, 0, 0], [10, 0, 25, 15]], 2.766798418972332, 0.25072483665815626, 2);
    expect(chiSquareIndependence([[5, 7], [0, 0]])).toEqual({ statistic: 0, pValue: 1, dof: 0 }); // chi2_contingency([[5, 7]]) = (0.0, 1.0, 0)
    expect(chiSquareIndependence([[0, 0], [0, 0]])).toBeNull();
    expect(chiSquareIndependence([])).toBeNull();
  });

  it('rejects ragged tables and bad counts (caller bugs, not data)', () => {
    expect(() => chiSquareIndependence([[1, 2], [3]])).toThrow('chiSquareIndependence: row 1 has 1 counts, row 0 has 2');
    expect(() => chiSquareIndependence([[1, -2], [3, 4]])).toThrow('chiSquareIndependence: table[0][1] = -2; counts must be finite and >= 0');
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

describe('pearson = scipy.stats.pearsonr, spearman = scipy.stats.spearmanr', () => {
  const both = (x: ArrayLike<number>, y: ArrayLike<number>, r: number, pr: number, rho: number, ps: number): void => {
    const p = pearson(x, y);
    close(p?.r, r, 1e-12);
    close(p?.pValue, pr, 1e-10);
    const s = spearman(x, y);
    close(s?.rho, rho, 1e-12);
    close(s?.pValue, ps, 1e-10);
  };

  it('matches scipy, ties ranked by their average', () => {
    both(X, Y, 0.9602176476688542, 7.339852028471023e-7, 0.9612676056338026, 6.432476864606744e-7); // pearsonr(X, Y), spearmanr(X, Y)
    both(A.slice(0, 9), B, 0.4431061370745651, 0.23227021225736147, 0.5666666666666667, 0.11163298761149111); // (A[:9], B)
    both(TA.slice(0, 10), TB, 0.9824552829212644, 4.058733387194987e-7, 0.9814664828995511, 5.047980565822177e-7); // (TA[:10], TB)
    both([1, 2, 3.5], [2, 1, 5], 0.7953559537197222, 0.41456789660427257, 0.5, 0.6666666666666667); // three points
    const u = bell(41, 1000);
    const v = bell(43, 1000).map((w, i) => w + 0.05 * u[i]!); // bell(43,1000) + 0.05*bell(41,1000)
    both(u, v, 0.06054059102815129, 0.055642804515029655, 0.04724565524565525, 0.1354361546668481);
  });

  it('strong correlations keep their tiny p-values (1e-112 … 1e-258)', () => {
    const bx = bell(5, 300);
    const cases: readonly (readonly [number, number, number, number, number])[] = [
      [0.5, 0.9044027669419198, 3.0074532156835466e-112, 0.8903641151568351, 7.46023788985186e-104],
      [0.15, 0.9903419574873842, 9.064813658966656e-258, 0.9884514272380803, 2.9169581271755125e-246],
    ];
    for (const [s, r, pr, rho, ps] of cases) {
      const noise = bell(7, 300);
      both(bx, bx.map((v, i) => v + s * noise[i]!), r, pr, rho, ps); // pearsonr(bx, bx + s*bell(7,300)), spearmanr(...)
    }
  });

  it('fewer than 2 pairs or a constant input: null (scipy: error or nan); two pairs: ±1, p = 1', () => {
    expect(pearson([1], [2])).toBeNull();
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNull();
    expect(pearson([1, 2], [3, 1])).toEqual({ r: -1, pValue: 1 }); // pearsonr([1,2],[3,1]) = (-1.0, 1.0)
    expect(spearman([1, 2], [3, 1])).toEqual({ rho: -1, pValue: 1 }); // spearmanr: (-1.0, nan)
    expect(spearman([1, 2, 3], [1, 2, 3])).toEqual({ rho: 1, pValue: 0 }); // spearmanr([1,2,3],[1,2,3]) = (1.0, 0.0)
    expect(correlationPValue(-1, 10)).toBe(0);
    expect(() => pearson([1, 2], [1])).toThrow('pearson: x has 2 values, y has 1');
  });
});

describe('sampleSkewness = scipy.stats.skew(x, bias=True)', () => {
  it('matches scipy', () => {
    close(sampleSkewness(A), -0.07070359349691371, 1e-12); // skew(A)
    close(sampleSkewness(TA), 0.4434318105371644, 1e-12); // skew(TA)
    close(sampleSkewness(bell(3, 500)), 0.0398220563919673, 1e-12); // skew(bell(3,500))
    close(sampleSkewness(bell(3, 200).map(Math.exp)), 1.2057887666276637, 1e-12); // skew(np.exp(bell(3,200)))
  });

  it('empty: null; constant: 0 (scipy: nan)', () => {
    expect(sampleSkewness([])).toBeNull();
    expect(sampleSkewness([0.1, 0.1, 0.1])).toBe(0);
    expect(sampleSkewness([7])).toBe(0);
  });
});
