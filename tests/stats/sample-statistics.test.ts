/**
 * The sample statistics of src/stats against scipy: average ranks, the chi-square test of
 * independence, Pearson's and Spearman's correlations with their p-values, sample skewness.
 */
import { describe, expect, it } from 'vitest';
import { averageRanks, chiSquareIndependence, correlationPValue, mean, pearson, sampleSkewness, sampleVariance, spearman, sumOfSquaredDeviations } from '../../src/stats/index.js';
import { bell } from '../helpers/bell.js';
import { close } from '../helpers/close.js';
import { A, B, plus, TA, TB, X, Y } from '../helpers/reference-samples.js';

// Reference values: scipy 1.10.1 / numpy 1.24.2 (Python 3, /usr/bin/python3), each literal names
// its call: `from scipy import stats, special`. Samples named bell(seed, n, shift) are built
// identically in Python (tests/helpers/bell.ts):
//   def minstd(seed, n): x = seed; out = []
//       for _ in range(n): x = x * 48271 % 2147483647; out.append(x / 2147483647)
//       return out
//   def bell(seed, n, shift=0.0): u = minstd(seed, 3 * n)
//       return np.array([u[3*i] + u[3*i+1] + u[3*i+2] + shift for i in range(n)])

describe('moments: mean = numpy.mean, sampleVariance = numpy.var(x, ddof=1)', () => {
  it('match numpy', () => {
    close(mean(A), 0.35666666666666663, 1e-15); // np.mean(A)
    close(sampleVariance(A), 1.3224606060606061, 1e-14); // np.var(A, ddof=1)
    close(sampleVariance(TA), 118.18181818181819, 1e-14); // np.var(TA, ddof=1)
    close(sampleVariance(bell(3, 500)), 0.2562233640157884, 1e-14); // np.var(bell(3,500), ddof=1): a Float64Array
    close(sumOfSquaredDeviations(A, mean(A)), 1.3224606060606061 * 11, 1e-14);
  });

  it('a constant sample has its value as mean and variance 0 (numpy: 0.10000000000000002 and 2.9e-34)', () => {
    expect(mean([0.1, 0.1, 0.1])).toBe(0.1);
    expect(sumOfSquaredDeviations([0.1, 0.1, 0.1], mean([0.1, 0.1, 0.1]))).toBe(0);
  });

  it('an offset is taken off every value first (one-way ANOVA centres on the grand mean)', () => {
    close(mean(plus(A, 1e6), 1e6), mean(A), 1e-9); // A + 1e6 rounds each value to 1.2e-10
    expect(mean([], 0)).toBeNaN();
    expect(sampleVariance([5])).toBeNaN();
    expect(sampleVariance([])).toBeNaN();
  });
});

describe('averageRanks = scipy.stats.rankdata(x, method="average")', () => {
  it('averages ties and sums t³ − t over them', () => {
    const { ranks, tieTerm } = averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]);
    expect([...ranks]).toEqual([4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8]); // rankdata([3,1,4,1,5,9,2,6,5,3,5])
    expect(tieTerm).toBe(6 + 6 + 24); // two pairs and a triple
    expect(averageRanks([]).ranks.length).toBe(0);
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

  it('is the test src/drift runs on a 2 × k table (chiSquareHomogeneity)', async () => {
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
    // A perfect correlation is exactly 1 with p = 0, as scipy gives it (why pearson is own code):
    expect(pearson([1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7])).toEqual({ r: 1, pValue: 0 }); // pearsonr(range(1,8), range(1,8)) = (1.0, 0.0)
    expect(spearman([3, 1, 4, 1.5, 9, 2.6, 5], [30, 10, 40, 15, 90, 26, 50])).toEqual({ rho: 1, pValue: 0 }); // spearmanr(...) = (1.0, 0.0)
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
