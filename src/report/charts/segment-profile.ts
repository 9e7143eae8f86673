/** Segment profiles: each segment's standardised centroid as a segment × feature heatmap. */
import { chartBase, clampedSize, type VegaLiteSpec } from './spec.js';

/** One row of the heatmap: a segment and its standardised centroid. */
export interface SegmentProfile {
  readonly name: string;
  /** Rows in the segment. */
  readonly size: number;
  /** Standardised (z-score) centroid per feature; 0 is the overall mean. */
  readonly centroid: Readonly<Record<string, number>>;
}

export interface SegmentProfileInput {
  readonly segments: readonly SegmentProfile[];
  readonly title?: string;
}

/**
 * Segments down, features across (in first-seen order), cells coloured from below the mean
 * (orange) through white to above it (blue), each with its z value written in so that the
 * chart reads in grey print as well.
 */
export function segmentProfileSpec(input: SegmentProfileInput): VegaLiteSpec {
  const features = [...new Set(input.segments.flatMap((s) => Object.keys(s.centroid)))];
  const values = input.segments.flatMap((segment) =>
    features.flatMap((feature) => {
      const z = segment.centroid[feature];
      return z === undefined || !Number.isFinite(z)
        ? []
        : [{ segment: `${segment.name} (n = ${segment.size})`, feature, z }];
    }),
  );
  // A symmetric domain keeps 0 at white whatever the spread.
  const extent = Math.max(1, ...values.map((v) => Math.abs(v.z)));
  return {
    ...chartBase({
      title: input.title ?? 'Segment profiles',
      subtitle: 'Centroid per feature in standard deviations from the overall mean',
      width: clampedSize(features.length, 56, 200, 520),
      height: clampedSize(input.segments.length, 36, 120, 440),
    }),
    data: { values },
    encoding: {
      x: { field: 'feature', type: 'nominal', sort: features, title: 'Feature', axis: { orient: 'top', labelAngle: -30 } },
      y: { field: 'segment', type: 'nominal', sort: null, title: 'Segment' },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: {
            field: 'z',
            type: 'quantitative',
            title: 'z',
            scale: { scheme: 'blueorange', reverse: true, domain: [-extent, extent] },
            legend: { orient: 'right', gradientLength: 120 },
          },
          tooltip: [
            { field: 'segment' },
            { field: 'feature' },
            { field: 'z', type: 'quantitative', title: 'standardised centroid', format: '+.2f' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'z', type: 'quantitative', format: '+.1f' },
          color: { condition: { test: `abs(datum.z) > ${extent * 0.6}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}
