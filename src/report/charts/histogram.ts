/** Histogram from pre-computed bins, so the report never embeds the raw column. */
import { chartBase, formatNumber, PRIMARY, type VegaLiteSpec } from './spec.js';

export interface HistogramBin {
  /** Inclusive lower edge. */
  readonly start: number;
  /** Exclusive upper edge (inclusive for the last bin, as numpy.histogram). */
  readonly end: number;
  readonly count: number;
}

export interface HistogramInput {
  readonly title: string;
  readonly xTitle: string;
  readonly bins: readonly HistogramBin[];
  readonly subtitle?: string;
}

/** Adjacent bars from each bin's start to its end, as tall as its count. */
export function histogramSpec(input: HistogramInput): VegaLiteSpec {
  const values = input.bins.map((bin) => ({
    start: bin.start,
    end: bin.end,
    count: bin.count,
    range: `${formatNumber(bin.start)} – ${formatNumber(bin.end)}`,
  }));
  return {
    ...chartBase({
      title: input.title,
      ...(input.subtitle === undefined ? {} : { subtitle: input.subtitle }),
      width: 440,
      height: 240,
    }),
    data: { values },
    mark: { type: 'bar', color: PRIMARY, stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'start', type: 'quantitative', bin: 'binned', title: input.xTitle },
      x2: { field: 'end' },
      y: { field: 'count', type: 'quantitative', title: 'Count' },
      tooltip: [
        { field: 'range', title: input.xTitle },
        { field: 'count', type: 'quantitative', format: ',' },
      ],
    },
  };
}
