/**
 * Calibrated probabilities (train.calibration), as scikit-learn's CalibratedClassifierCV with
 * ensemble=False computes them: calibrators are fitted on the out-of-fold probabilities of the
 * selected model's cross-validation and applied to the refitted model's probabilities. Binary:
 * one calibrator of P(class 1), P(class 0) = 1 − it. K classes: one-vs-rest, a calibrator of
 * each class's probability, then each row divided by its sum (uniform when every calibrated
 * value is 0); values within 1e-5 above 1 become 1 (sklearn/calibration.py,
 * _CalibratedClassifier.predict_proba).
 */
import { applyIsotonic, fitIsotonic, type IsotonicFit } from './isotonic.js';
import { createMatrix, type Matrix } from './matrix.js';
import { applySigmoid, fitSigmoid, type SigmoidFit } from './platt.js';

export const CALIBRATION_METHODS = ['none', 'sigmoid', 'isotonic'] as const;
export type CalibrationMethod = (typeof CALIBRATION_METHODS)[number];

/** One class's calibrator, as stored in the model JSON. */
export type ClassCalibrator =
  | ({ readonly method: 'sigmoid'; readonly class: number } & SigmoidFit)
  | ({ readonly method: 'isotonic'; readonly class: number } & IsotonicFit);

/** The classes that get a calibrator: class 1 for binary tasks, every class otherwise. */
const calibratedClasses = (nClasses: number): number[] => (nClasses === 2 ? [1] : Array.from({ length: nClasses }, (_, k) => k));

/** Fits the calibrators on out-of-fold probabilities (rows × classes) and the class indices y. */
export function fitCalibrators(method: Exclude<CalibrationMethod, 'none'>, oof: Matrix, y: Float64Array): ClassCalibrator[] {
  return calibratedClasses(oof.cols).map((k) => {
    const f = new Float64Array(oof.rows);
    const target = new Uint8Array(oof.rows);
    for (let i = 0; i < oof.rows; i++) {
      f[i] = oof.data[i * oof.cols + k]!;
      target[i] = y[i] === k ? 1 : 0;
    }
    return method === 'sigmoid' ? { method, class: k, ...fitSigmoid(f, target) } : { method, class: k, ...fitIsotonic(f, target) };
  });
}

const applyOne = (c: ClassCalibrator, p: number): number => (c.method === 'sigmoid' ? applySigmoid(c, p) : applyIsotonic(c, p));

/** Calibrated probabilities (rows × classes) from the model's own. */
export function calibrateProba(calibrators: readonly ClassCalibrator[], proba: Matrix): Matrix {
  const k = proba.cols;
  if (k !== (calibrators.length === 1 ? 2 : calibrators.length)) throw new Error(`calibration: ${calibrators.length} calibrators for ${k} classes`);
  const out = createMatrix(proba.rows, k);
  for (let i = 0; i < proba.rows; i++) {
    const row = i * k;
    if (k === 2) {
      const p1 = applyOne(calibrators[0]!, proba.data[row + 1]!);
      out.data[row] = 1 - p1;
      out.data[row + 1] = p1;
    } else {
      let sum = 0;
      for (const c of calibrators) {
        const v = applyOne(c, proba.data[row + c.class]!);
        out.data[row + c.class] = v;
        sum += v;
      }
      for (let j = 0; j < k; j++) out.data[row + j] = sum !== 0 ? out.data[row + j]! / sum : 1 / k;
    }
    for (let j = 0; j < k; j++) if (out.data[row + j]! > 1 && out.data[row + j]! <= 1 + 1e-5) out.data[row + j] = 1;
  }
  return out;
}
