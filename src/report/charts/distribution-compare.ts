/** Drift view: a feature's reference and batch distributions side by side, bin by bin. */
import { chartBase, clampedSize, formatNumber, type VegaLiteSpec } from './spec.js';

/** Proportions (0–1) of the reference and the batch rows falling in one bin or category. */
interface Shares {
  readonly reference: number;
  readonly batch: number;
}

export type DistributionBins =
  | { readonly kind: 'categorical'; readonly categories: readonly (Shares & { readonly value: string })[] }
  | { readonly kind: 'numeric'; readonly bins: readonly (Shares & { readonly start: number; readonly end: number })[] };

export interface DistributionCompareInput {
  readonly feature: string;
  readonly distribution: DistributionBins;
  readonly title?: string;
  /** E.g. the drift statistic and its verdict: "PSI 0.31 — drifted". */
  readonly subtitle?: string;
  readonly referenceName?: string;
  readonly batchName?: string;
}

/** One label per bin in order: the category, or the numeric bin's "start – end". */
function binLabels(distribution: DistributionBins): { label: string; shares: Shares }[] {
  return distribution.kind === 'categorical'
    ? distribution.categories.map((c) => ({ label: c.value, shares: c }))
    : distribution.bins.map((b) => ({ label: `${formatNumber(b.start)} – ${formatNumber(b.end)}`, shares: b }));
}

/**
 * Grouped bars of the proportion per bin, reference (dark) beside batch (light), bins in the
 * given order. Proportions rather than counts, so samples of different sizes compare.
 */
export function distributionCompareSpec(input: DistributionCompareInput): VegaLiteSpec {
  const reference = input.referenceName ?? 'reference';
  const batch = input.batchName ?? 'batch';
  const bins = binLabels(input.distribution);
  const values = bins.flatMap(({ label, shares }) => [
    { bin: label, sample: reference, share: shares.reference },
    { bin: label, sample: batch, share: shares.batch },
  ]);
  const binTitle = input.distribution.kind === 'numeric' ? `${input.feature} (bin)` : input.feature;
  return {
    ...chartBase({
      title: input.title ?? `Distribution of ${input.feature}: ${reference} vs ${batch}`,
      ...(input.subtitle === undefined ? {} : { subtitle: input.subtitle }),
      width: clampedSize(bins.length, 44, 240, 520),
      height: 240,
    }),
    data: { values },
    mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'bin', type: 'nominal', sort: null, title: binTitle, axis: { labelAngle: -30 } },
      xOffset: { field: 'sample', type: 'nominal', sort: [reference, batch] },
      y: { field: 'share', type: 'quantitative', title: 'Share of rows', axis: { format: '.0%' } },
      color: { field: 'sample', type: 'nominal', sort: [reference, batch], title: null },
      tooltip: [
        { field: 'bin', title: binTitle },
        { field: 'sample', title: 'sample' },
        { field: 'share', type: 'quantitative', title: 'share of rows', format: '.1%' },
      ],
    },
  };
}
