/**
 * Gauss–Legendre quadrature on [0, 1] (src/stats/gauss-legendre.ts) against numpy:
 * `x, w = np.polynomial.legendre.leggauss(m)`, mapped by t = (1 + x) / 2 and w / 2.
 */
import { describe, expect, it } from 'vitest';
import { gaussLegendre } from '../../src/stats/gauss-legendre.js';

/** numpy 1.26 `np.polynomial.legendre.leggauss(m)` on [−1, 1]. */
const NUMPY: Record<number, { x: number[]; w: number[] }> = {
  1: { x: [0.0], w: [2.0] },
  3: { x: [-0.7745966692414834, 0.0, 0.7745966692414834], w: [0.5555555555555557, 0.8888888888888888, 0.5555555555555557] },
  6: {
    x: [-0.932469514203152, -0.6612093864662645, -0.23861918608319693, 0.23861918608319693, 0.6612093864662645, 0.932469514203152],
    w: [0.17132449237916975, 0.36076157304813894, 0.46791393457269137, 0.46791393457269137, 0.36076157304813894, 0.17132449237916975],
  },
};

describe('gaussLegendre', () => {
  it('nodes and weights equal numpy leggauss mapped to [0, 1]', () => {
    for (const [m, ref] of Object.entries(NUMPY)) {
      const { nodes, weights } = gaussLegendre(Number(m));
      ref.x.forEach((x, i) => expect(Math.abs(nodes[i]! - (1 + x) / 2)).toBeLessThan(1e-15));
      ref.w.forEach((w, i) => expect(Math.abs(weights[i]! - w / 2)).toBeLessThan(1e-15));
    }
  });

  it('integrates every polynomial of degree ≤ 2m − 1 exactly: ∫₀¹ t^k dt = 1/(k + 1); weights sum to 1', () => {
    for (const m of [1, 2, 5, 8, 15, 30]) {
      const { nodes, weights } = gaussLegendre(m);
      for (let k = 0; k <= 2 * m - 1; k++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += weights[i]! * nodes[i]! ** k;
        expect(Math.abs(s - 1 / (k + 1))).toBeLessThan(1e-14);
      }
      for (let i = 1; i < m; i++) expect(nodes[i]!).toBeGreaterThan(nodes[i - 1]!);
    }
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => gaussLegendre(0)).toThrow(/positive integer, got 0/);
    expect(() => gaussLegendre(2.5)).toThrow(/positive integer, got 2.5/);
  });
});
