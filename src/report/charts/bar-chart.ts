/** Bars with optional ± error bars: CV model comparison, permutation importance, group means. */
import { chartBase, clampedSize, INK, type VegaLiteSpec } from './spec.js';

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Half-width of the error bar (e.g. the standard deviation over CV folds). */
  readonly error?: number;
  /** Bars sharing a group share a colour (e.g. the column of a fairness group). */
  readonly group?: string;
}

export interface BarChartInput {
  readonly title: string;
  readonly subtitle?: string;
  /** Titles of the axes as drawn: x is horizontal, y vertical, whatever `horizontal` says. */
  readonly xTitle: string;
  readonly yTitle: string;
  /** Drawn in this order (top to bottom, or left to right). */
  readonly bars: readonly Bar[];
  /** Bars grow to the right with labels on the y axis; better for many or long labels. */
  readonly horizontal?: boolean;
  /** Legend title when bars carry a group. */
  readonly groupTitle?: string;
}

/** A bar per label from zero to its value, with value ± error drawn where an error is given. */
export function barChartSpec(input: BarChartInput): VegaLiteSpec {
  const horizontal = input.horizontal ?? false;
  const [labelChannel, valueChannel] = horizontal ? (['y', 'x'] as const) : (['x', 'y'] as const);
  const titles = { x: input.xTitle, y: input.yTitle };
  const rows = input.bars.map((bar) => ({
    label: bar.label,
    value: bar.value,
    ...(bar.error === undefined ? {} : { error: bar.error }),
    ...(bar.group === undefined ? {} : { group: bar.group }),
  }));
  const errors = input.bars
    .filter((bar) => bar.error !== undefined && Number.isFinite(bar.error))
    .map((bar) => ({ label: bar.label, low: bar.value - bar.error!, high: bar.value + bar.error! }));
  const grouped = input.bars.some((bar) => bar.group !== undefined);
  const label = {
    field: 'label',
    type: 'nominal',
    sort: null,
    title: titles[labelChannel],
    ...(horizontal ? {} : { axis: { labelAngle: -30 } }),
  };
  const tooltip = [
    { field: 'label', title: titles[labelChannel] },
    { field: 'value', type: 'quantitative', title: titles[valueChannel], format: '.4~g' },
    ...(errors.length > 0 ? [{ field: 'error', type: 'quantitative', title: '± error', format: '.3~g' }] : []),
  ];
  const count = input.bars.length;
  const layer: object[] = [
    {
      data: { values: rows },
      mark: { type: 'bar', ...(horizontal ? { height: { band: 0.7 } } : { width: { band: 0.7 } }) },
      encoding: {
        [labelChannel]: label,
        [valueChannel]: { field: 'value', type: 'quantitative', title: titles[valueChannel] },
        ...(grouped ? { color: { field: 'group', type: 'nominal', title: input.groupTitle ?? null } } : {}),
        tooltip,
      },
    },
  ];
  if (errors.length > 0) {
    layer.push({
      data: { values: errors },
      mark: { type: 'errorbar', ticks: true, color: INK },
      encoding: {
        [labelChannel]: label,
        [valueChannel]: { field: 'low', type: 'quantitative', title: titles[valueChannel] },
        [`${valueChannel}2`]: { field: 'high' },
      },
    });
  }
  return {
    ...chartBase({
      title: input.title,
      ...(input.subtitle === undefined ? {} : { subtitle: input.subtitle }),
      width: horizontal ? 440 : clampedSize(count, 48, 240, 520),
      height: horizontal ? clampedSize(count, 24, 120, 520) : 280,
    }),
    layer,
  };
}
