/**
 * Fast text for predictions and probabilities, rounded to 4 decimals. `String(Math.round(x *
 * 1e4) / 1e4)` costs a double-to-shortest-string conversion per value, a visible share of
 * scoring a million rows; scaling to an integer and printing digits is several times faster
 * and gives the same text (tests compare the two).
 */
export function formatRounded4(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '' : String(x);
  const scaled = Math.round(x * 1e4);
  // Past 2^53 / 1e4 integers lose digits: fall back to the general form. Past ~1.8e304 the
  // scaling itself overflows to Infinity: such a value has no decimals to round anyway.
  if (!Number.isSafeInteger(scaled)) return Number.isFinite(scaled) ? String(Math.round(x * 1e4) / 1e4) : String(x);
  if (scaled === 0) return '0';
  const negative = scaled < 0;
  const abs = negative ? -scaled : scaled;
  const whole = Math.floor(abs / 1e4);
  const text = (whole < SMALL ? smallText(whole) : String(whole)) + fractionText(abs - whole * 1e4);
  return negative ? `-${text}` : text;
}

// Predictions are mostly small numbers: the text of the whole part below SMALL and of every
// 4-digit fraction comes from tables built on first use, instead of number-to-text conversions
// per value (measured: a third of the main thread's formatting time on 1,000,000 rows).
const SMALL = 10_000;
let WHOLE: string[] | undefined;
let FRACTION: string[] | undefined;

function smallText(whole: number): string {
  WHOLE ??= Array.from({ length: SMALL }, (_, i) => String(i));
  return WHOLE[whole]!;
}

/** '.0001' … '.9999' without trailing zeros; '' for 0. */
function fractionText(frac: number): string {
  FRACTION ??= Array.from({ length: 10_000 }, (_, f) => (f === 0 ? '' : `.${String(f).padStart(4, '0').replace(/0+$/, '')}`));
  return FRACTION[frac]!;
}

/** How many rejected rows a summary lists (predict's stderr, drift's report); all are counted. */
export const SAMPLE_REJECTS = 20;

/**
 * Writes formatRounded4(x) into `out` at `at` (ASCII; room for 32 bytes needed) and returns its
 * length: the digits straight into the output, with no string per value (predict's writer;
 * tests check it against formatRounded4).
 */
export function writeRounded4(x: number, out: Buffer, at: number): number {
  const scaled = Math.round(x * 1e4);
  if (!Number.isSafeInteger(scaled)) return writeText(formatRounded4(x), out, at);
  if (scaled === 0) {
    out[at] = 48;
    return 1;
  }
  let p = at;
  const abs = scaled < 0 ? -scaled : scaled;
  if (scaled < 0) out[p++] = 45;
  const whole = Math.floor(abs / 1e4);
  let digits = 1;
  for (let w = whole; w >= 10; w = Math.floor(w / 10)) digits++;
  for (let k = digits - 1, w = whole; k >= 0; k--, w = Math.floor(w / 10)) out[p + k] = 48 + (w % 10);
  p += digits;
  let fraction = abs - whole * 1e4;
  if (fraction !== 0) {
    let length = 4;
    while (fraction % 10 === 0) {
      fraction /= 10;
      length--;
    }
    out[p] = 46;
    for (let k = length; k >= 1; k--, fraction = Math.floor(fraction / 10)) out[p + k] = 48 + (fraction % 10);
    p += length + 1;
  }
  return p - at;
}

/**
 * Writes `text` into `out` at `at` as UTF-8 (room for 3 bytes a character needed); returns the
 * bytes written: byte by byte while it is ASCII (predictions, probabilities), else natively.
 */
export function writeText(text: string, out: Buffer, at: number): number {
  const n = text.length;
  for (let j = 0; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c > 127) return out.write(text, at);
    out[at + j] = c;
  }
  return n;
}
