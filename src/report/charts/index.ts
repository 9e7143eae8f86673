/** The report's chart spec builders: pure functions from report data to Vega-Lite v6 specs. */
export { barChartSpec, type Bar, type BarChartInput } from './bar-chart.js';
export { boxPlotSpec, boxStats, type BoxPlotInput, type BoxStats } from './box-plot.js';
export { confusionMatrixSpec, type ConfusionMatrixInput } from './confusion-matrix.js';
export {
  distributionCompareSpec,
  type DistributionBins,
  type DistributionCompareInput,
} from './distribution-compare.js';
export { fairnessSpec, type GroupScore, type FairnessChartInput } from './fairness.js';
export { histogramSpec, type HistogramBin, type HistogramInput } from './histogram.js';
export { precisionRecallSpec, type PrecisionRecallInput } from './precision-recall.js';
export { DEFAULT_MAX_POINTS, everyKth, predictedVsActualSpec, type PredictedVsActualInput } from './predicted-vs-actual.js';
export { rocCurveSpec, type RocCurveInput } from './roc-curve.js';
export { segmentProfileSpec, type SegmentProfile, type SegmentProfileInput } from './segment-profile.js';
export { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './spec.js';
export { reliabilitySpec, type ReliabilityInput } from './reliability.js';
export { timeSeriesSpec, type TimePoint, type TimeSeriesInput } from './time-series.js';
