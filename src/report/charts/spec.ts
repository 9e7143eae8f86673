/**
 * What every chart spec shares: the Vega-Lite v6 spec type used across src/report, one calm
 * theme that also reads when printed in grey, and small formatting helpers.
 */

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A Vega-Lite v6 top-level spec with its data inline (`data.values`), never a URL. */
export interface VegaLiteSpec {
  readonly $schema: typeof VEGA_LITE_SCHEMA;
  readonly title: string | { readonly text: string; readonly subtitle?: string };
  readonly [key: string]: unknown;
}

/**
 * Category colours alternate dark and light so that neighbouring series stay apart in a
 * greyscale print (dark blue, light blue, dark orange, light orange, grey, light grey).
 */
export const PALETTE = ['#2c5d8f', '#9fc3e0', '#b35c1e', '#f2b77e', '#5a5a5a', '#bdbdbd'] as const;
export const PRIMARY = PALETTE[0];
export const SECONDARY = PALETTE[1];
/** Reference lines (chance diagonal, y = x) that must not compete with the data. */
export const GUIDE_COLOR = '#8c8c8c';
/** Text and thin marks drawn over the data (error bars, labels). */
export const INK = '#333333';

/** Shared look: no view border, quiet grid, left-aligned titles, one palette. */
const CONFIG = {
  background: 'white',
  view: { stroke: null },
  font: 'Helvetica, Arial, sans-serif',
  title: { anchor: 'start', fontSize: 14, fontWeight: 'bold', color: INK, subtitleColor: '#595959' },
  axis: {
    labelColor: INK,
    titleColor: INK,
    titleFontWeight: 'normal',
    labelFontSize: 11,
    titleFontSize: 12,
    domainColor: GUIDE_COLOR,
    tickColor: GUIDE_COLOR,
    gridColor: '#e5e5e5',
    labelLimit: 220,
  },
  legend: { labelColor: INK, titleColor: INK, titleFontWeight: 'normal', orient: 'bottom' },
  range: { category: [...PALETTE] },
  mark: { color: PRIMARY },
} as const;

export interface ChartFrame {
  readonly title: string;
  readonly subtitle?: string;
  readonly width: number | { readonly step: number };
  readonly height: number | { readonly step: number };
}

/** The top-level keys every chart starts from; builders add data, mark/layer and encoding. */
export function chartBase(frame: ChartFrame): VegaLiteSpec {
  const title = frame.subtitle === undefined ? frame.title : { text: frame.title, subtitle: frame.subtitle };
  return { $schema: VEGA_LITE_SCHEMA, title, width: frame.width, height: frame.height, config: CONFIG };
}

/**
 * A dashed y = x line from (from, from) to (to, to) in fields `x` and `y`: chance on a ROC
 * curve, perfect prediction on predicted-vs-actual.
 */
export function identityLineLayer(from: number, to: number, x: string, y: string): object {
  return {
    data: { values: [{ [x]: from, [y]: from }, { [x]: to, [y]: to }] },
    mark: { type: 'line', color: GUIDE_COLOR, strokeDash: [4, 4], strokeWidth: 1 },
    encoding: { x: { field: x, type: 'quantitative' }, y: { field: y, type: 'quantitative' } },
  };
}

/** A short label: 3 significant digits, no trailing zeros (0.12345 → "0.123", 1234.5 → "1235"). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (value !== 0 && (size >= 1e6 || size < 1e-3)) return value.toExponential(2);
  if (size >= 1000) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}

/** Pixels for `count` discrete steps, clamped to the report's readable range. */
export function clampedSize(count: number, step: number, min = 200, max = 480): number {
  return Math.min(max, Math.max(min, count * step));
}
