/** Fairness view: one model metric per value of each sensitive column. */
import { barChartSpec } from './bar-chart.js';
import type { VegaLiteSpec } from './spec.js';

/** One bar: a group and its score. */
export interface GroupScore {
  /** The sensitive column, e.g. "gender". */
  readonly column: string;
  /** One of its values, e.g. "female". */
  readonly value: string;
  /** The metric on that group's rows. */
  readonly score: number;
}

export interface FairnessChartInput {
  /** The metric's name as users know it, e.g. "accuracy". */
  readonly metric: string;
  readonly groups: readonly GroupScore[];
  readonly title?: string;
}

/** Horizontal bars of `metric` per "column: value", coloured by column, in the given order. */
export function fairnessSpec(input: FairnessChartInput): VegaLiteSpec {
  return barChartSpec({
    title: input.title ?? `${input.metric.charAt(0).toUpperCase()}${input.metric.slice(1)} by group`,
    subtitle: 'Large gaps between values of one column point at unequal performance',
    xTitle: input.metric,
    yTitle: 'Group',
    horizontal: true,
    groupTitle: 'Column',
    bars: input.groups.map((g) => ({ label: `${g.column}: ${g.value}`, value: g.score, group: g.column })),
  });
}
