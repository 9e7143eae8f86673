/**
 * Jensen–Shannon distance between two discrete distributions given as non-negative weights
 * (counts or probabilities): scipy.spatial.distance.jensenshannon(p, q) with base e,
 *
 *   JS(p, q) = √((KL(p ‖ m) + KL(q ‖ m)) / 2),  m = (p + q)/2,
 *
 * after scaling p and q to sum to 1 (Lin, J., "Divergence measures based on the Shannon
 * entropy", IEEE Trans. Inf. Theory 37(1), 1991; Endres & Schindelin, IEEE Trans. Inf. Theory
 * 49(7), 2003, for the square root being a metric). 0·log(0/m) counts as 0 (scipy.special.rel_entr).
 * Between 0 and √(ln 2).
 */
import { countsTotal } from '../stats/counts-total.js';

/** x·log(x/y) with 0·log(0/y) = 0, as scipy.special.rel_entr (y > 0 wherever x > 0 here). */
const relEntr = (x: number, y: number): number => (x > 0 ? x * Math.log(x / y) : 0);

function total(values: ArrayLike<number>, name: string): number {
  const sum = countsTotal(values, `jensenShannon: ${name}`, 'weights');
  if (sum === 0) throw new Error(`jensenShannon: ${name} sums to 0`);
  return sum;
}

export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new Error(`jensenShannon: lengths differ (${p.length}, ${q.length})`);
  const sp = total(p, 'p');
  const sq = total(q, 'q');
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / sp;
    const qi = q[i]! / sq;
    const m = (pi + qi) / 2;
    left += relEntr(pi, m);
    right += relEntr(qi, m);
  }
  // Rounding can leave a tiny negative sum for near-identical inputs, where scipy's sqrt gives NaN.
  return Math.sqrt(Math.max(left + right, 0) / 2);
}
