/**
 * Reproducible bell-shaped samples for tests checked against scipy: the sum of three MINSTD
 * uniforms (Park & Miller's multiplier 48271), which the reference Python scripts quoted in the
 * tests generate the same way, so both sides see the very same numbers.
 */
export function bell(seed: number, n: number, shift = 0): Float64Array {
  let x = seed;
  const u = (): number => {
    x = (x * 48271) % 2147483647;
    return x / 2147483647;
  };
  return Float64Array.from({ length: n }, () => u() + u() + u() + shift);
}
