import { describe, expect, it } from 'vitest';
import { mutualInformation } from '../../src/features/mutual-information.js';
import { digamma } from '../../src/stats/digamma.js';

// The closed-form data of bench/reference/mutual_information.py, rebuilt here.
const n = 80;
const i = Array.from({ length: n }, (_, k) => k);
const x1 = i.map((k) => Math.sin(1.7 * k + 0.3) * 3);
const x2 = i.map((k) => Math.cos(2.3 * k) * ((k % 7) + 1));
const x3 = i.map((k) => Math.sin(0.37 * k * k));
const y = Float64Array.from(i, (k) => x1[k]! + 0.05 * x2[k]! * x2[k]! + 0.3 * Math.sin(13 * k));
const X = { rows: n, cols: 3, data: Float64Array.from(i.flatMap((k) => [x1[k]!, x2[k]!, x3[k]!])) };
// (y > median(y)) + (y > quantile(y, 0.8)), as printed by the script
const LABELS = [1, 1, 0, 0, 2, 1, 0, 0, 2, 0, 0, 1, 2, 0, 0, 1, 1, 0, 0, 2, 1, 0, 0, 2, 0, 0, 1, 2, 0, 0, 2, 1, 0, 1, 2, 0, 0, 1, 2, 0, 0, 2, 1, 0, 0, 2, 1, 0, 1, 2, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 2, 0, 0, 1, 1, 0, 0, 2, 1, 0, 0, 2, 0, 0, 1, 2, 0, 0, 1, 1];

describe('mutualInformation (scikit-learn 1.2.1, bench/reference/mutual_information.py)', () => {
  it('numeric target: mutual_info_regression(X, y, n_neighbors=3, random_state=0)', () => {
    const mi = mutualInformation(X, y, 'regression', 0);
    expect(mi[0]).toBeCloseTo(1.4294201049725503, 9);
    expect(mi[1]).toBeCloseTo(0.24705058465109753, 9);
    expect(mi[2]).toBeCloseTo(0.09735220593361804, 9);
  });

  it('class target: mutual_info_classif(X, labels, n_neighbors=3, random_state=0)', () => {
    const mi = mutualInformation(X, Float64Array.from(LABELS), 'classification', 0);
    expect(mi[0]).toBeCloseTo(0.7857746429909083, 9);
    expect(mi[1]).toBeCloseTo(0.14276978298543752, 9);
    expect(mi[2]).toBe(0);
  });

  it('a constant column carries no information; a class seen once is left out', () => {
    const constant = { rows: n, cols: 1, data: new Float64Array(n).fill(4) };
    expect(mutualInformation(constant, y, 'regression', 1)[0]).toBeLessThan(0.05);
    const once = Float64Array.from(LABELS, (c, k) => (k === 0 ? 7 : c));
    expect(mutualInformation(X, once, 'classification', 0)[0]).toBeGreaterThan(0.5);
  });
});

describe('digamma', () => {
  it('equals scipy.special.digamma (scipy 1.10)', () => {
    // /usr/bin/python3 -c "from scipy.special import digamma; print([digamma(x) for x in (1, 2, 3, 5, 9.5, 10, 57, 1000, 123456)])"
    const ref: [number, number][] = [
      [1, -0.5772156649015329], [2, 0.42278433509846713], [3, 0.9227843350984671], [5, 1.5061176684318003], [9.5, 2.1977378764029494],
      [10, 2.251752589066721], [57, 4.034253689881698], [1000, 6.907255195648812], [123456, 11.723636046234013],
    ];
    for (const [x, v] of ref) expect(digamma(x)).toBeCloseTo(v, 14);
    expect(digamma(0)).toBeNaN();
  });
});
