/**
 * x · 2^e (C's ldexp), applied in steps so that 2^e itself never overflows or underflows while
 * x · 2^e is still representable. The Kolmogorov recursions keep large binary exponents apart
 * from their mantissas and put them back with this at the end.
 */
export function ldexp(x: number, e: number): number {
  let y = x;
  let rest = e;
  while (rest > 1023) {
    y *= 2 ** 1023;
    rest -= 1023;
    if (!Number.isFinite(y)) return y;
  }
  while (rest < -1022) {
    y *= 2 ** -1022;
    rest += 1022;
    if (y === 0) return y;
  }
  return y * 2 ** rest;
}

/**
 * The rescaling step of scipy's exact Kolmogorov recursions (Durbin, Pomeranz): a running value
 * leaving [2^-128, 2^128] is multiplied back by 2^∓128 and the exponent kept apart, for ldexp.
 */
export const E128 = 128;
export const P128 = 2 ** 128;
export const M128 = 2 ** -128;
