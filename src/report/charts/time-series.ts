/** Values over time, one line per series (model versions), each point a measurement (monitor's live metrics and drift). */
import { chartBase, type VegaLiteSpec } from './spec.js';

export interface TimePoint {
  /** ISO 8601 time. */
  readonly at: string;
  /** The line it belongs to (e.g. train/1a2b3c). */
  readonly series: string;
  readonly value: number;
}

export interface TimeSeriesInput {
  readonly title: string;
  readonly subtitle?: string;
  readonly yTitle: string;
  readonly points: readonly TimePoint[];
}

/** Lines with a dot at each measurement, coloured by series; time on x (UTC). */
export function timeSeriesSpec(input: TimeSeriesInput): VegaLiteSpec {
  return {
    ...chartBase({ title: input.title, ...(input.subtitle === undefined ? {} : { subtitle: input.subtitle }), width: 480, height: 240 }),
    data: { values: input.points.map((p) => ({ at: p.at, series: p.series, value: p.value })) },
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: {
      x: { field: 'at', type: 'temporal', title: 'time (UTC)', timeUnit: 'utcyearmonthdatehoursminutesseconds' },
      y: { field: 'value', type: 'quantitative', title: input.yTitle, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: 'model version' },
      tooltip: [
        { field: 'series', title: 'model version' },
        { field: 'at', type: 'temporal', title: 'time (UTC)', format: '%Y-%m-%d %H:%M', scale: { type: 'utc' } },
        { field: 'value', type: 'quantitative', title: input.yTitle, format: '.4~f' },
      ],
    },
  };
}
