/**
 * Tree thresholds for a float32 graph that splits exactly as spm does. spm's trees compare
 * x = (v − center) / scale, computed in double, with a double threshold t; midpoints between
 * the train values a tree saw often equal another value exactly (a bootstrap sample lacks it),
 * so rounding x and t to float32 separately would send such rows the other way. Instead the
 * graph gives the trees the unscaled value v (float32, after imputation and clipping) and
 * compares it with T = the largest float32 r for which spm's own (r − center) / scale ≤ t.
 * As both roundings are monotone, r ≤ T ⇔ spm sends r left, for every float32 input r.
 */

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** The next float32 above (up) or below a float32 value (finite in, possibly infinite out). */
function stepFloat32(r: number, up: boolean): number {
  if (r === 0) return up ? 1.401298464324817e-45 : -1.401298464324817e-45;
  f32[0] = r;
  i32[0]! += (r > 0) === up ? 1 : -1;
  return f32[0]!;
}

/** The float32 threshold on the unscaled value that splits as `t` on the scaled one does. */
export function unscaledThreshold(t: number, center: number, scale: number): number {
  const left = (r: number): boolean => (r - center) / scale <= t;
  let r = Math.fround(t * scale + center);
  if (!Number.isFinite(r)) return r > 0 || Number.isNaN(r) ? Infinity : -Infinity;
  for (let i = 0; i < 64 && !left(r); i++) r = stepFloat32(r, false);
  for (let i = 0; i < 64 && Number.isFinite(r) && left(stepFloat32(r, true)); i++) r = stepFloat32(r, true);
  if (!left(r)) throw new Error(`no float32 threshold for ${t} (center ${center}, scale ${scale})`);
  return r;
}

/** A threshold on a feature that is already float32-exact (one-hot 0/1): beyond float32 it is ±Infinity. */
export function float32Threshold(t: number): number {
  return Math.fround(t);
}
