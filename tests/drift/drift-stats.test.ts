import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bell } from '../helpers/bell.js';
import { close } from '../helpers/close.js';
import { A, B, TA, TB } from '../helpers/reference-samples.js';
import { sortedValues } from '../../src/drift/sorted.js';
import {
  binCounts,
  chiSquareHomogeneity,
  CountedBuilder,
  countedFromValues,
  type CountedSample,
  jensenShannon,
  kolmogorovSf,
  ksTwoSample,
  psi,
  quantileBins,
  wasserstein1d,
} from '../../src/drift/index.js';

// Reference values: scipy 1.17.1 / numpy 2.4.6, each literal names its call (scipy 1.10.1 gives the
// same to the last digit or two). `from scipy.stats import ks_2samp, kstwo, chi2_contingency,
// wasserstein_distance; from scipy.spatial.distance import jensenshannon`. Samples named
// bell(seed, n, shift) are built identically in Python:
//   def minstd(seed, n): x = seed; out = []
//       for _ in range(n): x = x * 48271 % 2147483647; out.append(x / 2147483647)
//       return out
//   def bell(seed, n, shift=0.0): u = minstd(seed, 3 * n)
//       return np.array([u[3*i] + u[3*i+1] + u[3*i+2] + shift for i in range(n)])
// ("used=exact|asymp": which p-value ks_2samp's method='auto' returned, checked against
// method='exact' and method='asymp'.)

const f64 = (v: readonly number[]): Float64Array => Float64Array.from(v);

const ks = (a: Float64Array | readonly number[], b: Float64Array | readonly number[], stat: number, p: number): void => {
  const r = ksTwoSample(a instanceof Float64Array ? a : f64(a), b instanceof Float64Array ? b : f64(b));
  close(r.statistic, stat, 1e-12);
  close(r.pValue, p, 1e-9);
};

describe('ksTwoSample = scipy.stats.ks_2samp(a, b)', () => {
  it('small unequal samples, exact p-value', () => {
    ks(A, B, 0.5555555555555556, 0.06063348416289592); // ks_2samp(A, B), used=exact
    ks(bell(7, 50), bell(11, 37, 0.4), 0.5167567567567568, 1.0167508983636374e-5); // ks_2samp(bell(7,50), bell(11,37,0.4)), used=exact
  });

  it('ties: the statistic is taken after each run of equal values', () => {
    ks(TA, TB, 0.26666666666666666, 0.7139485901095809); // ks_2samp(TA, TB), used=exact
  });

  it('tiny samples (n = 1, 2, 3)', () => {
    ks([1], [2], 1, 1); // ks_2samp([1.], [2.]), used=exact
    ks([1], [1], 0, 1); // ks_2samp([1.], [1.])
    ks([1, 2], [3, 4], 1, 0.3333333333333333); // ks_2samp([1., 2.], [3., 4.])
    ks([0.5, 2.5], [1, 2, 3], 0.5, 0.9); // ks_2samp([.5, 2.5], [1., 2., 3.])
    ks([1, 2, 3], [10], 1, 0.5); // ks_2samp([1., 2., 3.], [10.])
  });

  it('identical samples: D = 0, p = 1', () => {
    ks(A, A, 0, 1); // ks_2samp(A, A)
  });

  it('switches from exact to asymptotic above 10 000 values in either sample, as method="auto"', () => {
    // ks_2samp(bell(5, 10000), bell(3, 50, 0.15)): used=exact (asymp would give 0.0010926684048581103)
    ks(bell(5, 10_000), bell(3, 50, 0.15), 0.2691, 0.0011363384896649652);
    // ks_2samp(bell(3, 50, 0.15), bell(5, 20000)): used=asymp (exact would give 0.0013058692160119226)
    ks(bell(3, 50, 0.15), bell(5, 20_000), 0.26625, 0.0012810017277632424);
    // ks_2samp(bell(13, 10001), bell(17, 10001, 0.02)): used=asymp, n = round(5000.5) = 5000 (half to even)
    ks(bell(13, 10_001), bell(17, 10_001, 0.02), 0.020197980201979826, 0.0333700399040221);
    // ks_2samp(bell(29, 20000), bell(31, 140, 0.25)): used=asymp
    ks(bell(29, 20_000), bell(31, 140, 0.25), 0.23196428571428573, 4.646513490433125e-7);
  });

  it('large statistics keep tiny p-values finite, in both regimes', () => {
    ks(bell(19, 500), bell(23, 500, 10), 1, 7.399507995628047e-300); // ks_2samp(bell(19,500), bell(23,500,10.)), used=exact
    ks(bell(19, 400), bell(23, 450, 10), 1, 4.2336594155662936e-254); // ks_2samp(bell(19,400), bell(23,450,10.)), used=exact
    ks(bell(29, 20_000), bell(31, 140, 1.9), 0.9544571428571429, 6.628999176633255e-187); // ks_2samp(...), used=asymp
    ks(bell(29, 20_000), bell(31, 140, 2.32), 0.99245, 2.1659891266559707e-295); // ks_2samp(...), used=asymp
  });

  it('rejects empty samples and NaN', () => {
    expect(() => ksTwoSample(f64([]), f64([1]))).toThrow(/empty/);
    expect(() => ksTwoSample(f64([1, Number.NaN]), f64([1]))).toThrow(/NaN; drop missing values first/);
  });
});

describe('kolmogorovSf = scipy.stats.kstwo.sf(x, n), one case per method region', () => {
  const cases: readonly (readonly [number, number, number])[] = [
    [5, 0.15, 0.9988], // Ruben–Gambino, n·x ≤ 1
    [5, 0.3, 0.664], // Durbin matrix
    [50, 0.1, 0.6623112704658186], // Durbin matrix
    [50, 0.2, 0.03143877776953241], // Pomeranz
    [50, 0.35, 5.573523514803185e-6], // 2·smirnov (Miller)
    [50, 0.6, 9.634070456142374e-18], // 2·smirnov, x ≥ 0.5
    [50, 0.985, 1.2752430004281557e-91], // Ruben–Gambino, n·x ≥ n − 1
    [1000, 0.02, 0.8108971656895577], // Durbin matrix, large n
    [1000, 0.08, 5.154189384789824e-6], // 2·smirnov, large n
    [200_000, 0.002, 0.39995085369038097], // Pelz–Good
    [200_000, 0.01, 8.433125699870092e-18], // 2·smirnov, n = 2e5
    [1000, 0.7, 0], // n·x² ≥ 370
    [139, 0.993, 5.883795335716108e-300],
  ];
  it.each(cases)('kstwo.sf(x, n = %s) at x = %s', (n, x, expected) => close(kolmogorovSf(n, x), expected, 1e-10));
});

describe('wasserstein1d = scipy.stats.wasserstein_distance(a, b)', () => {
  it('matches scipy', () => {
    close(wasserstein1d(f64([0, 1, 3]), f64([5, 6, 8])), 5, 1e-12); // wasserstein_distance([0, 1, 3], [5, 6, 8]) (scipy docs)
    close(wasserstein1d(f64(TA), f64(TB)), 7, 1e-12); // wasserstein_distance(TA, TB)
    close(wasserstein1d(bell(7, 50), bell(11, 37, 0.4)), 0.6788293923955698, 1e-12); // wasserstein_distance(bell(7,50), bell(11,37,0.4))
    close(wasserstein1d(f64([2.5]), f64([-1, 4])), 2.5, 1e-12); // wasserstein_distance([2.5], [-1., 4.])
    close(wasserstein1d(bell(29, 20_000), bell(31, 140, 2.32)), 2.3247806494069327, 1e-12); // wasserstein_distance(...)
    expect(wasserstein1d(f64(A), f64(A))).toBe(0); // wasserstein_distance(A, A)
  });

  it('rejects empty samples and NaN', () => {
    expect(() => wasserstein1d(f64([1]), f64([]))).toThrow(/empty/);
    expect(() => wasserstein1d(f64([Number.NaN]), f64([1]))).toThrow(/NaN/);
  });
});

describe('chiSquareHomogeneity = scipy.stats.chi2_contingency([a, b]) (correction=True)', () => {
  const chi = (a: readonly number[], b: readonly number[], stat: number, p: number, dof: number): void => {
    const r = chiSquareHomogeneity(a, b);
    close(r.statistic, stat, 1e-12);
    close(r.pValue, p, 1e-10);
    expect(r.dof).toBe(dof);
  };

  it('matches scipy, with Yates only when dof = 1', () => {
    chi([120, 90, 40, 10], [100, 95, 60, 5], 7.61998361998362, 0.054554395573161045, 3); // chi2_contingency([[120,90,40,10],[100,95,60,5]])
    chi([30, 10], [20, 25], 6.949930555555551, 0.00838224869725173, 1); // chi2_contingency([[30,10],[20,25]]), Yates
    chi([5, 5], [5, 6], 0, 1, 1); // chi2_contingency([[5,5],[5,6]]): |O − E| < ½, correction capped at it
    chi([10, 20, 30], [10, 20, 30], 0, 1, 2); // chi2_contingency([[10,20,30],[10,20,30]])
  });

  it('keeps a category that is empty in one sample only', () => {
    chi([12, 0, 30], [10, 4, 25], 4.531468531468532, 0.10375382368717925, 2); // chi2_contingency([[12,0,30],[10,4,25]])
  });

  it('drops categories empty in both samples (scipy raises on them)', () => {
    // scipy raises "expected frequencies has a zero element" on [[12,0,30,8],[10,0,25,15]];
    // dropping the column gives chi2_contingency([[12,30,8],[10,25,15]])
    chi([12, 0, 30, 8], [10, 0, 25, 15], 2.766798418972332, 0.25072483665815626, 2);
  });

  it('a single category left: statistic 0, p-value 1, dof 0', () => {
    chi([5, 0], [7, 0], 0, 1, 0); // chi2_contingency([[5],[7]]) → (0.0, 1.0, 0)
  });

  it('tail p-values near 1e-300 stay finite', () => {
    chi([880, 70], [70, 880], 1377.8547368421052, 1.3635440763999722e-301, 1); // chi2_contingency([[880,70],[70,880]])
  });

  it('rejects mismatched, negative and empty counts', () => {
    expect(() => chiSquareHomogeneity([1, 2], [1])).toThrow(/differ in length/);
    expect(() => chiSquareHomogeneity([1, -2], [1, 2])).toThrow(/>= 0/);
    expect(() => chiSquareHomogeneity([0, 0], [1, 2])).toThrow(/sample A has no counts/);
  });
});


describe('jensenShannon = scipy.spatial.distance.jensenshannon(p, q) (base e)', () => {
  it('matches scipy, normalising counts', () => {
    close(jensenShannon([1, 0, 0], [0, 1, 0]), 0.8325546111576977, 1e-12); // jensenshannon([1.,0,0],[0,1.,0])
    close(jensenShannon([1, 0], [0.5, 0.5]), 0.464501404022459, 1e-12); // jensenshannon([1.,0],[.5,.5])
    close(jensenShannon([12, 30, 8, 0], [10, 25, 15, 4]), 0.1997317737065371, 1e-12); // jensenshannon([12,30,8,0],[10,25,15,4])
    expect(jensenShannon([3, 4, 5], [30, 40, 50])).toBe(0); // jensenshannon([3,4,5],[30,40,50])
  });
});

describe('psi, quantileBins, binCounts', () => {
  // psi(E, A, eps) = np.sum((a - e) * np.log(a / e)) with e = np.maximum(E / E.sum(), eps), a likewise
  it('PSI of identical distributions is 0', () => {
    expect(psi([3, 4, 5], [30, 40, 50])).toBe(0);
  });

  it('matches the numpy expression, clipping empty bins at epsilon', () => {
    close(psi([100, 200, 300, 400], [150, 200, 250, 400]), 0.029389333245105936, 1e-12);
    close(psi([0, 50, 50], [10, 40, 50]), 0.7123991075017365, 1e-12);
    close(psi([0, 50, 50], [10, 40, 50], 1e-3), 0.47822620354424206, 1e-12);
  });

  it('quantile cuts = np.unique(np.quantile(ref, np.arange(1, 10) / 10)), counts = np.digitize', () => {
    const ref = bell(37, 101);
    const cuts = quantileBins(ref);
    const expected = [
      0.8201355048549062, 1.0075827920844698, 1.206248039941419, 1.3309232901460133, 1.448616200801272, 1.5528558867763989,
      1.699970870604725, 1.8224997822300064, 2.073407419060081,
    ];
    expect(cuts.length).toBe(expected.length);
    expected.forEach((c, i) => close(cuts[i]!, c, 1e-14));
    // np.bincount(np.digitize(bell(41, 200, 0.3), cuts), minlength=10)
    const counts = binCounts(bell(41, 200, 0.3), cuts);
    expect(Array.from(counts)).toEqual([5, 9, 12, 8, 10, 15, 20, 21, 38, 62]);
    close(psi(binCounts(ref, cuts), counts), 0.5276440150209863, 1e-12);
  });

  it('deduplicates tied quantiles; a value on a cut goes to the bin above (np.digitize)', () => {
    // np.quantile([1,1,1,1,1,2,2,3,3,4], [.2,.4,.6,.8]) = [1, 1, 2, 3] → unique [1, 2, 3]
    const cuts = quantileBins(f64([1, 1, 1, 1, 1, 2, 2, 3, 3, 4]), 5);
    expect(Array.from(cuts)).toEqual([1, 2, 3]);
    // np.bincount(np.digitize([0.5, 1, 1.5, 2, 3, 3.5, 4, 9], [1, 2, 3]), minlength=4)
    expect(Array.from(binCounts([0.5, 1, 1.5, 2, 3, 3.5, 4, 9], cuts))).toEqual([1, 2, 1, 4]);
  });

  it('rejects NaN and empty inputs', () => {
    expect(() => binCounts([1, Number.NaN], f64([0]))).toThrow(/NaN/);
    expect(() => quantileBins(f64([]))).toThrow(/empty/);
    expect(() => psi([0, 0], [1, 2])).toThrow(/no counts/);
  });
});

describe('sorted samples (spm drift sorts each numeric column once)', () => {
  it('binCounts gives the same counts for sorted input (binary search) as for any order, values on the cuts included', () => {
    const values = Float64Array.from({ length: 500 }, (_, i) => (i * 37) % 101); // many ties, values equal to cuts
    const cuts = quantileBins(values, 10);
    const sorted = Float64Array.from(values).sort();
    expect([...binCounts(sorted, cuts)]).toEqual([...binCounts(values, cuts)]);
    expect([...binCounts(sorted, Float64Array.of(-1, 50, 200))]).toEqual([...binCounts(values, Float64Array.of(-1, 50, 200))]);
  });

  it('a sorted sample is used as it is, an unsorted one copied; KS and Wasserstein agree either way', () => {
    const a = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i) * 10);
    const b = Float64Array.from({ length: 200 }, (_, i) => Math.cos(i) * 9 + 1);
    const sa = Float64Array.from(a).sort();
    const sb = Float64Array.from(b).sort();
    expect(sortedValues(sa, 'a')).toBe(sa);
    expect(sortedValues(a, 'a')).not.toBe(a);
    expect(ksTwoSample(sa, sb)).toEqual(ksTwoSample(a, b));
    expect(wasserstein1d(sa, sb)).toBe(wasserstein1d(a, b));
    expect(() => sortedValues(Float64Array.of(1, Number.NaN), 'x')).toThrow('x contains NaN; drop missing values first');
  });
});

describe('counted samples (distinct values and counts) give the statistics of the raw values, to the bit', () => {
  /** Counted independently of counted.ts: a Map of occurrences, keys sorted. */
  const tally = (raw: Float64Array): CountedSample => {
    const seen = new Map<number, number>();
    for (const v of raw) seen.set(v, (seen.get(v) ?? 0) + 1);
    const values = Float64Array.from(seen.keys()).sort();
    return { values, counts: Float64Array.from(values, (v) => seen.get(v)!), n: raw.length };
  };
  /** numpy.quantile(raw, k / bins) for k = 1 … bins − 1 on the expanded sorted values, then np.unique. */
  const numpyCuts = (raw: Float64Array, bins: number): Float64Array => {
    const s = Float64Array.from(raw).sort();
    const cuts: number[] = [];
    for (let k = 1; k < bins; k++) {
      const p = (k / bins) * (s.length - 1);
      const lo = Math.floor(p);
      const t = p - lo;
      const [below, above] = [s[lo]!, s[Math.min(lo + 1, s.length - 1)]!];
      const cut = t < 0.5 ? below + (above - below) * t : above - (above - below) * (1 - t);
      if (cuts.length === 0 || cut > cuts[cuts.length - 1]!) cuts.push(cut);
    }
    return Float64Array.from(cuts);
  };
  /** np.bincount(np.digitize(raw, cuts), minlength=len(cuts) + 1), one value at a time. */
  const digitize = (raw: Float64Array, cuts: Float64Array): Float64Array => {
    const out = new Float64Array(cuts.length + 1);
    for (const v of raw) out[cuts.filter((c) => c <= v).length]! += 1;
    return out;
  };
  const scores = (maxLength: number) => fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength }).map((v) => Float64Array.from(v));

  it('countedFromValues: distinct values ascending, their counts, n', () => {
    const c = countedFromValues([3, 1, 3, 2.5, 3, 1]);
    expect([...c.values]).toEqual([1, 2.5, 3]);
    expect([...c.counts]).toEqual([2, 1, 3]);
    expect(c.n).toBe(6);
    const distinct = Float64Array.of(-2, 0.5, 7);
    expect(countedFromValues(distinct).values).toBe(distinct); // sorted and distinct: used as it is
    expect(countedFromValues([]).n).toBe(0);
    // Zeros of both signs are kept as −0, in any order ([0, −0] passes as sorted).
    expect(Object.is(countedFromValues([0, -0, 0]).values[0], -0)).toBe(true);
    expect(Object.is(countedFromValues([-0, 0]).values[0], -0)).toBe(true);
    const builder = new CountedBuilder({ bufferSize: 2 });
    builder.add([-0, 1, 0, 2]); // runs {−0, 1} and {0, 2}, merged
    expect(Object.is(builder.result().values[0], -0)).toBe(true);
    const unflushed = new CountedBuilder();
    unflushed.add([0, -0]);
    expect(unflushed.result()).toEqual({ values: Float64Array.of(-0), counts: Float64Array.of(2), n: 2 });
  });

  it('every statistic on random tied samples: counted = raw (unsorted or sorted), and = numpy for quantiles and bins', () => {
    fc.assert(
      fc.property(scores(400), scores(400), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 1, max: 12 }), (a, b0, shift, bins) => {
        const b = b0.map((v) => v + shift);
        const [ca, cb] = [tally(a), tally(b)];
        expect(countedFromValues(a)).toEqual(ca);
        expect(ksTwoSample(ca, cb)).toEqual(ksTwoSample(a, b));
        expect(ksTwoSample(ca, b)).toEqual(ksTwoSample(Float64Array.from(a).sort(), b));
        expect(wasserstein1d(ca, cb)).toBe(wasserstein1d(a, b));
        expect(wasserstein1d(a, cb)).toBe(wasserstein1d(Float64Array.from(a).sort(), b));
        const cuts = numpyCuts(a, bins);
        expect(quantileBins(ca, bins)).toEqual(cuts);
        expect(quantileBins(a, bins)).toEqual(cuts);
        expect(binCounts(cb, cuts)).toEqual(digitize(b, cuts));
        expect(binCounts(b, cuts)).toEqual(digitize(b, cuts));
      }),
      { seed: 20260101, numRuns: 200 },
    );
  });

  it('the p-value regimes take n from the counts: 20 000 values in 31 distinct ones still go asymptotic', () => {
    const big = Float64Array.from({ length: 20_000 }, (_, i) => (i * 7) % 31);
    const small = Float64Array.from({ length: 140 }, (_, i) => ((i * 11) % 31) + 1);
    const counted = tally(big);
    expect(counted.values.length).toBe(31);
    expect(ksTwoSample(counted, tally(small))).toEqual(ksTwoSample(big, small));
  });

  it('CountedBuilder fed in random chunks, its buffer smaller than the data, = countedFromValues of everything', () => {
    const data = fc.oneof(
      scores(600),
      fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 0, maxLength: 600 }).map((v) => Float64Array.from(v)),
    );
    fc.assert(
      fc.property(data, fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 64 }), (values, chunks, bufferSize) => {
        const builder = new CountedBuilder({ bufferSize });
        let from = 0;
        for (let k = 0; from < values.length; k++) {
          const to = k < chunks.length ? Math.min(values.length, from + chunks[k]!) : values.length; // then the rest at once
          builder.add(k % 2 === 0 ? values.subarray(from, to) : Array.from(values.subarray(from, to)));
          from = to;
          if (k === 3) builder.result(); // a look part-way does not disturb the rest
        }
        expect(builder.result()).toEqual(countedFromValues(values)); // toEqual tells −0 from 0
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('rejects NaN (the caller skips missing values), empty samples and a bad buffer size', () => {
    const builder = new CountedBuilder({ bufferSize: 4 });
    builder.add([1, 2]);
    expect(() => builder.add(Float64Array.of(3, Number.NaN))).toThrow('CountedBuilder.add: values[1] is NaN; skip missing values (and count them) before adding');
    expect(builder.result()).toEqual({ values: Float64Array.of(1, 2), counts: Float64Array.of(1, 1), n: 2 }); // the failed call added nothing
    expect(() => countedFromValues([2, Number.NaN])).toThrow('countedFromValues: values contains NaN; drop missing values first');
    expect(() => countedFromValues([Number.NaN], 'ingest: score')).toThrow('ingest: score contains NaN; drop missing values first');
    expect(() => ksTwoSample(countedFromValues([]), f64([1]))).toThrow('ksTwoSample: sample a is empty');
    expect(() => quantileBins(new CountedBuilder().result())).toThrow('quantileBins: reference is empty');
    expect(binCounts(countedFromValues([]), f64([1]))).toEqual(f64([0, 0]));
    expect(() => new CountedBuilder({ bufferSize: 0 })).toThrow('CountedBuilder: bufferSize must be an integer from 1 to 2^24, got 0');
  });
});
