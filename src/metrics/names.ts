/**
 * The metric names the params file accepts (SPEC §3), owned here beside the metric table;
 * the params schema takes its lists from this file.
 */
import type { MetricName } from './index.js';

/** train.metric values; `auto` = rmse (regression), roc_auc (binary), f1 macro (multi-class). */
export const TRAIN_METRICS = ['auto', 'rmse', 'mae', 'r2', 'accuracy', 'f1', 'roc_auc', 'balanced_accuracy'] as const satisfies readonly (MetricName | 'auto')[];
export type TrainMetric = (typeof TRAIN_METRICS)[number];

/** Metrics a quality gate may test (evaluate.gates keys). */
export const GATE_METRICS = ['rmse', 'mae', 'r2', 'accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'balanced_accuracy'] as const satisfies readonly MetricName[];
export type GateMetric = (typeof GATE_METRICS)[number];
