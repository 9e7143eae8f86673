/**
 * A classifier with calibrated probabilities (train.calibration; calibration.ts): the refitted
 * model plus its calibrators, stored as one JSON document —
 *   { format: 'spm.model.calibrated', version: 1, task: 'classification',
 *     calibration: { method: 'sigmoid', calibrators: [{ method, class, a, b }] }
 *                 | { method: 'isotonic', calibrators: [{ method, class, x: [...], y: [...] }] },
 *     model: <the model's own JSON> }
 * so a reader (ONNX export) sees the calibration as a typed part beside an unchanged model.
 * Predictions are the argmax of the calibrated probabilities; explanations are the model's own
 * (its raw score or probability, before calibration: each calibrator is monotone, so the
 * factors that raise the score raise the calibrated probability too).
 */
import { calibrateProba, type ClassCalibrator } from './calibration.js';
import type { Matrix } from './matrix.js';
import type { Explanation, HyperParams, Model, ModelJSON, Task } from './model.js';
import { argmaxRows } from './tree-average-model.js';
import { corrupt, numberField, numbersField } from './tree-json.js';

export const CALIBRATED_FORMAT = 'spm.model.calibrated';

export class CalibratedModel implements Model {
  readonly name: string;
  readonly task: Task = 'classification';
  readonly params: HyperParams;

  constructor(readonly model: Model, readonly method: 'sigmoid' | 'isotonic', readonly calibrators: readonly ClassCalibrator[]) {
    this.name = model.name;
    this.params = model.params;
  }

  predict(X: Matrix): Float64Array {
    return argmaxRows(this.predictProba(X));
  }

  predictProba(X: Matrix): Matrix {
    return calibrateProba(this.calibrators, this.model.predictProba!(X));
  }

  explain(X: Matrix, classIndex?: Int32Array): Explanation {
    return this.model.explain(X, classIndex);
  }

  toJSON(): ModelJSON {
    return {
      format: CALIBRATED_FORMAT,
      version: 1,
      task: 'classification',
      calibration: {
        method: this.method,
        calibrators: this.calibrators.map((c) => (c.method === 'sigmoid' ? { method: c.method, class: c.class, a: c.a, b: c.b } : { method: c.method, class: c.class, x: [...c.x], y: [...c.y] })),
      },
      model: this.model.toJSON(),
    };
  }

  /** Restores a model written by toJSON; `inner` restores the wrapped model's JSON. */
  static fromJSON(json: ModelJSON, inner: (json: unknown) => Model): CalibratedModel {
    const f = CALIBRATED_FORMAT;
    if (json.version !== 1) throw corrupt(f, `unsupported version ${JSON.stringify(json.version)}`);
    const model = inner(json['model']);
    if (model.task !== 'classification' || model.predictProba === undefined) throw corrupt(f, 'the calibrated model is not a classifier');
    const calibration = json['calibration'] as { method?: unknown; calibrators?: unknown } | null;
    const method = calibration?.method;
    if (method !== 'sigmoid' && method !== 'isotonic') throw corrupt(f, 'calibration.method');
    if (!Array.isArray(calibration!.calibrators) || calibration!.calibrators.length === 0) throw corrupt(f, 'calibration.calibrators');
    const calibrators = (calibration!.calibrators as unknown[]).map((c, i): ClassCalibrator => {
      if (typeof c !== 'object' || c === null) throw corrupt(f, `calibrators[${i}]`);
      const o = c as Record<string, unknown>;
      if (o['method'] !== method) throw corrupt(f, `calibrators[${i}].method`);
      const cls = numberField(o, 'class', f, true);
      if (method === 'sigmoid') return { method, class: cls, a: numberField(o, 'a', f), b: numberField(o, 'b', f) };
      const x = Array.from(numbersField(o, 'x', f));
      const y = Array.from(numbersField(o, 'y', f));
      if (x.length === 0 || x.length !== y.length || x.some((v, j) => j > 0 && !(v > x[j - 1]!))) throw corrupt(f, `calibrators[${i}]: x, y`);
      return { method, class: cls, x, y };
    });
    // binary: class 1 alone; K ≥ 3 classes: 0..K−1 in order (calibratedClasses)
    const classes = calibrators.map((c) => c.class).join(',');
    if (classes !== '1' && (calibrators.length < 3 || classes !== calibrators.map((_, k) => k).join(','))) throw corrupt(f, 'calibrator classes');
    return new CalibratedModel(model, method, calibrators);
  }
}
