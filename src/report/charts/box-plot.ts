/** Box plot of a numeric target per factor value, drawn from pre-computed five-number summaries. */
import { quantileSorted } from '../../features/quantile.js';
import { chartBase, PRIMARY, SECONDARY, type VegaLiteSpec } from './spec.js';

export interface BoxPlotInput {
  readonly title: string;
  /** The grouping column, e.g. "parental education". */
  readonly factor: string;
  /** The numeric target, e.g. "math score". */
  readonly target: string;
  readonly groups: readonly { readonly value: string; readonly values: ArrayLike<number> }[];
}

/** Summary of one group; whiskers end at the most extreme values within 1.5 IQR of the box. */
export interface BoxStats {
  readonly n: number;
  readonly min: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly max: number;
  readonly lowerWhisker: number;
  readonly upperWhisker: number;
  /** Values beyond the whiskers (drawn only as counts: the raw values are not embedded). */
  readonly outliers: number;
}

/**
 * Five numbers of the finite `values` with numpy's default quantile method ('linear',
 * Hyndman & Fan type 7), the one Vega-Lite's boxplot uses too; whiskers follow Tukey's 1.5 IQR
 * rule as Vega-Lite's `extent: 1.5`. Null when no value is finite.
 */
export function boxStats(values: ArrayLike<number>): BoxStats | null {
  const sorted = Float64Array.from(values).filter(Number.isFinite).sort();
  const n = sorted.length;
  if (n === 0) return null;
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const lowFence = q1 - 1.5 * (q3 - q1);
  const highFence = q3 + 1.5 * (q3 - q1);
  let lo = 0;
  while (sorted[lo]! < lowFence) lo++;
  let hi = n - 1;
  while (sorted[hi]! > highFence) hi--;
  return {
    n,
    min: sorted[0]!,
    q1,
    median: quantileSorted(sorted, 0.5),
    q3,
    max: sorted[n - 1]!,
    lowerWhisker: sorted[lo]!,
    upperWhisker: sorted[hi]!,
    outliers: lo + (n - 1 - hi),
  };
}

const TOOLTIP_TITLES = {
  min: 'minimum',
  lowerWhisker: 'lower whisker',
  q1: 'first quartile',
  median: 'median',
  q3: 'third quartile',
  upperWhisker: 'upper whisker',
  max: 'maximum',
} as const satisfies Partial<Record<keyof BoxStats, string>>;

/**
 * Horizontal box plot of `target` per `factor` value, with n in each axis label. Groups with
 * no finite value are left out. The overall minimum and maximum appear as hollow points when
 * they lie beyond the whiskers, so the range stays visible without every outlier.
 */
export function boxPlotSpec(input: BoxPlotInput): VegaLiteSpec {
  const rows = input.groups.flatMap((group) => {
    const stats = boxStats(group.values);
    return stats === null ? [] : [{ group: `${group.value} (n = ${stats.n})`, ...stats }];
  });
  const y = { field: 'group', type: 'nominal', sort: null, title: input.factor };
  const tooltip = [
    { field: 'group', title: input.factor },
    ...Object.entries(TOOLTIP_TITLES).map(([field, title]) => ({ field, title, type: 'quantitative', format: '.4~g' })),
    { field: 'outliers', type: 'quantitative', title: 'values beyond whiskers' },
  ];
  const extremes = rows.flatMap((row) => [
    ...(row.min < row.lowerWhisker ? [{ group: row.group, extreme: row.min }] : []),
    ...(row.max > row.upperWhisker ? [{ group: row.group, extreme: row.max }] : []),
  ]);
  return {
    ...chartBase({
      title: input.title,
      subtitle: 'Box: middle 50%, line: median, whiskers: within 1.5 × IQR of the box',
      width: 480,
      height: { step: 28 },
    }),
    layer: [
      {
        data: { values: rows },
        encoding: { y, tooltip },
        layer: [
          {
            mark: { type: 'rule', color: PRIMARY },
            encoding: {
              x: { field: 'lowerWhisker', type: 'quantitative', title: input.target, scale: { zero: false } },
              x2: { field: 'upperWhisker' },
            },
          },
          {
            mark: { type: 'bar', size: 16, color: SECONDARY, stroke: PRIMARY, strokeWidth: 1 },
            encoding: { x: { field: 'q1', type: 'quantitative' }, x2: { field: 'q3' } },
          },
          {
            mark: { type: 'tick', size: 16, thickness: 2, color: PRIMARY },
            encoding: { x: { field: 'median', type: 'quantitative' } },
          },
        ],
      },
      // An empty layer would give Vega an infinite extent; groups without outliers need no points.
      ...(extremes.length === 0
        ? []
        : [
            {
              data: { values: extremes },
              mark: { type: 'point', shape: 'circle', filled: false, size: 30, color: PRIMARY },
              encoding: { y, x: { field: 'extreme', type: 'quantitative' } },
            },
          ]),
    ],
  };
}
