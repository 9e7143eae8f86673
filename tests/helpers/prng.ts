/** A tiny seeded PRNG for tests, so that every "random" moment or offset is the same on every run: the benchmarks' mulberry32. */
import { mulberry32 } from '../../bench/lib.mjs';

export const prng: (seed: number) => () => number = mulberry32;
