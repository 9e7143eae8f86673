/**
 * Calibration (src/models/platt.ts, isotonic.ts, calibration.ts, calibrated-model.ts) against
 * scikit-learn 1.2.1: every number below was printed by tests/models/calibration-reference.py
 * (run it with /usr/bin/python3; no test runs Python).
 */
import { describe, expect, it } from 'vitest';
import { CalibratedModel } from '../../src/models/calibrated-model.js';
import { calibrateProba, fitCalibrators } from '../../src/models/calibration.js';
import { applyIsotonic, fitIsotonic } from '../../src/models/isotonic.js';
import { applySigmoid, fitSigmoid } from '../../src/models/platt.js';
import { modelFromJSON } from '../../src/models/registry.js';
import { crossValidate, fitCandidate, type Fold, type TuneData } from '../../src/models/tune.js';
import { thrownSpmError } from '../helpers/errors.js';
import { IRIS_X, IRIS_Y } from '../helpers/iris.js';

/** Section 1 of the script: 40 fixed scores and targets. */
const FIXED = {
  scores: [0.17073170731707318, 0.34146341463414637, 0.5121951219512195, 0.6829268292682927, 0.8536585365853658, 0.024390243902439025, 0.1951219512195122, 0.36585365853658536, 0.5365853658536586, 0.7073170731707317, 0.8780487804878049, 0.04878048780487805, 0.21951219512195122, 0.3902439024390244, 0.5609756097560976, 0.7317073170731707, 0.9024390243902439, 0.07317073170731707, 0.24390243902439024, 0.4146341463414634, 0.5853658536585366, 0.7560975609756098, 0.926829268292683, 0.0975609756097561, 0.2682926829268293, 0.43902439024390244, 0.6097560975609756, 0.7804878048780488, 0.9512195121951219, 0.12195121951219512, 0.2926829268292683, 0.4634146341463415, 0.6341463414634146, 0.8048780487804879, 0.975609756097561, 0.14634146341463414, 0.3170731707317073, 0.4878048780487805, 0.6585365853658537, 0.8292682926829268],
  targets: [0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1],
  /** _sigmoid_calibration(scores, targets) */
  sigmoid: [-6.800225531571382, 4.111420841851616],
  probe: [-0.5, 0.0, 0.1, 0.33, 0.5, 0.61, 0.77, 0.9, 1.0, 2.0],
  /** IsotonicRegression(out_of_bounds='clip').fit(scores, targets).predict(probe) */
  isotonic: [0.0, 0.0, 0.0, 0.0, 0.42857142857142855, 0.42857142857142855, 0.7142857142857143, 1.0, 1.0, 1.0],
};

/** Section 2: CalibratedClassifierCV(ensemble=False).predict_proba(X[rows]) on iris, and sigmoid (a, b) per calibrator. */
const IRIS_ROWS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140];
const IRIS = {
  binary_sigmoid: { proba: [[0.992019755325478, 0.007980244674521943], [0.9920197485959211, 0.007980251404078922], [0.9920196425153603, 0.00798035748463965], [0.9920196217231768, 0.007980378276823144], [0.9920197563934274, 0.007980243606572582], [0.9643984797087268, 0.03560152029127319], [0.9913394678750568, 0.008660532124943172], [0.48664193711304105, 0.513358062886959], [0.9905763009848303, 0.009423699015169668], [0.9782107204884521, 0.021789279511547858], [0.008326529887072831, 0.9916734701129272], [0.07530045412326036, 0.9246995458767396], [0.010438891800318761, 0.9895611081996812], [0.009888239822566036, 0.990111760177434], [0.010219077274250421, 0.9897809227257496]], ab: [[-9.666297795523892, 4.822785322345099]] },
  binary_isotonic: { proba: [[1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [0.4307327699115119, 0.5692672300884881], [1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [0.0, 1.0], [0.0, 1.0], [0.0, 1.0]] },
  multi_sigmoid: { proba: [[0.983597816005428, 0.0076597645808217825, 0.008742419413750346], [0.9831767336356335, 0.00807673804546556, 0.008746528318900854], [0.9803504692077842, 0.010876452625136025, 0.008773078167079711], [0.9821207659887192, 0.009122584805266943, 0.008756649206013822], [0.983963206724633, 0.007297976202800636, 0.008738817072566478], [0.008047160607139645, 0.9644696584667145, 0.02748318092614566], [0.012972696749244204, 0.9778273482279866, 0.009199955022769258], [0.008324046949622604, 0.34075412214662537, 0.6509218309037521], [0.010238708067117845, 0.9799262979697878, 0.00983499396309431], [0.008540202010182235, 0.9707249202220701, 0.020734877767747663], [0.007923163646351183, 0.006592475941824525, 0.9854843604118243], [0.008012253357524656, 0.04909430442976879, 0.9428934422127065], [0.007926552507915794, 0.00802066081751258, 0.9840527866745716], [0.007927135206647192, 0.00845433539123799, 0.9836185294021149], [0.007926021428561478, 0.007744713755034456, 0.9843292648164039]], ab: [[-8.974366900803897, 4.824230492996414], [-9.891645904889302, 5.048143173334226], [-9.489300161082593, 4.732690098611608]] },
  multi_isotonic: { proba: [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.3333333333333333, 0.6666666666666666], [0.0, 1.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]] },
};

describe('calibrators on fixed scores (sklearn _sigmoid_calibration, IsotonicRegression(out_of_bounds="clip"))', () => {
  const f = Float64Array.from(FIXED.scores);
  const y = Uint8Array.from(FIXED.targets);

  it('sigmoid: Platt (a, b) with smoothed targets; sklearn stops BFGS at gradient norm 1e-5, so 1e-5', () => {
    const fit = fitSigmoid(f, y);
    expect(Math.abs(fit.a - FIXED.sigmoid[0]!)).toBeLessThan(1e-5);
    expect(Math.abs(fit.b - FIXED.sigmoid[1]!)).toBeLessThan(1e-5);
    for (const p of FIXED.probe) {
      expect(Math.abs(applySigmoid(fit, p) - 1 / (1 + Math.exp(FIXED.sigmoid[0]! * p + FIXED.sigmoid[1]!)))).toBeLessThan(1e-6);
    }
  });

  it('isotonic: pool-adjacent-violators, interpolation, clipping outside the fitted scores (1e-12)', () => {
    const fit = fitIsotonic(f, y);
    FIXED.probe.forEach((p, i) => expect(Math.abs(applyIsotonic(fit, p) - FIXED.isotonic[i]!)).toBeLessThan(1e-12));
    for (let i = 1; i < fit.y.length; i++) expect(fit.y[i]!).toBeGreaterThanOrEqual(fit.y[i - 1]!);
  });

  it('isotonic merges equal scores into their mean before pooling; one distinct score gives a constant', () => {
    const fit = fitIsotonic(Float64Array.of(0.2, 0.2, 0.5, 0.5, 0.5, 0.9), [0, 1, 1, 0, 0, 1]);
    expect(fit.x).toEqual([0.2, 0.5, 0.9]);
    // 0.5 then 1/3 violate: pooled to (0.5·2 + 1/3·3) / 5 = 0.4
    expect(fit.y.map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0.4, 0.4, 1]);
    expect(applyIsotonic(fitIsotonic(Float64Array.of(0.3, 0.3), [0, 1]), 0.9)).toBe(0.5);
  });
});

describe('CalibratedClassifierCV(ensemble=False) on iris, logistic regression, folds i % 5', () => {
  const folds: Fold[] = Array.from({ length: 5 }, (_, f) => ({
    train: Uint32Array.from({ length: 150 }, (_, i) => i).filter((i) => i % 5 !== f),
    test: Uint32Array.from({ length: 150 }, (_, i) => i).filter((i) => i % 5 === f),
  }));
  const candidate = { model: 'logistic', params: { C: 1, tol: 1e-8, max_iter: 1000 } };
  const probe = { rows: IRIS_ROWS.length, cols: 4, data: Float64Array.from(IRIS_ROWS.flatMap((r) => Array.from(IRIS_X.data.subarray(r * 4, r * 4 + 4)))) };

  for (const [task, y, k] of [['binary', Float64Array.from(IRIS_Y, (c) => (c === 2 ? 1 : 0)), 2], ['multi', IRIS_Y, 3]] as const) {
    for (const method of ['sigmoid', 'isotonic'] as const) {
      it(`${task === 'binary' ? 'virginica vs the rest' : '3 classes, one-vs-rest renormalised'}, ${method}: the calibrated probabilities (1e-4: two lbfgs fits of the logistic model)`, () => {
        const data: TuneData = { X: IRIS_X, y, task: 'classification', nClasses: k, classWeight: 'none', seed: 0 };
        const [cv] = crossValidate(data, folds, [candidate], () => 0, undefined, true);
        const calibrators = fitCalibrators(method, cv!.oof!, y);
        const model = new CalibratedModel(fitCandidate(data, IRIS_X, y, candidate), method, calibrators);
        const ref = IRIS[`${task}_${method}`] as { proba: number[][]; ab?: number[][] };
        const proba = model.predictProba(probe);
        ref.proba.forEach((row, i) => row.forEach((p, j) => expect(Math.abs(proba.data[i * k + j]! - p)).toBeLessThan(1e-4)));
        if (ref.ab) {
          ref.ab.forEach(([a, b], c) => {
            const cal = calibrators[c]!;
            if (cal.method !== 'sigmoid') throw new Error('expected a sigmoid calibrator');
            expect(Math.abs(cal.a - a!) / Math.abs(a!)).toBeLessThan(1e-3);
            expect(Math.abs(cal.b - b!) / Math.abs(b!)).toBeLessThan(1e-3);
          });
        }
        // each row sums to 1; predictions are the argmax of the calibrated probabilities
        for (let i = 0; i < probe.rows; i++) {
          let s = 0;
          for (let j = 0; j < k; j++) s += proba.data[i * k + j]!;
          expect(s).toBeCloseTo(1, 12);
        }
        // the stored model: a typed calibration beside the model's own JSON; a round trip predicts identically
        const json = JSON.parse(JSON.stringify(model.toJSON()));
        expect(json.format).toBe('spm.model.calibrated');
        expect(json.calibration.method).toBe(method);
        expect(json.model.format).toBe('spm.model.logistic');
        const back = modelFromJSON(json, 'model.json');
        expect(Array.from(back.predictProba!(probe).data)).toEqual(Array.from(proba.data));
        expect(Array.from(back.predict(probe))).toEqual(Array.from(model.predict(probe)));
      });
    }
  }
});

describe('calibrated model edge cases', () => {
  it('3+ classes: a row whose calibrated values are all 0 becomes uniform; values a hair above 1 become 1', () => {
    const zero = [0, 1, 2].map((c) => ({ method: 'isotonic' as const, class: c, x: [0.5, 0.6], y: [0, 1] }));
    const out = calibrateProba(zero, { rows: 1, cols: 3, data: Float64Array.of(0.2, 0.3, 0.5) });
    expect(Array.from(out.data)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const over = [{ method: 'isotonic' as const, class: 1, x: [0, 1], y: [0, 1 + 1e-6] }];
    expect(Array.from(calibrateProba(over, { rows: 1, cols: 2, data: Float64Array.of(0, 1) }).data)).toEqual([1 - (1 + 1e-6), 1]);
  });

  it('a damaged calibrated model is refused as ARTIFACT_CORRUPT, naming the part', () => {
    const data: TuneData = { X: IRIS_X, y: IRIS_Y, task: 'classification', nClasses: 3, classWeight: 'none', seed: 0 };
    const base = fitCandidate(data, IRIS_X, IRIS_Y, { model: 'logistic', params: { C: 1 } });
    const json = new CalibratedModel(base, 'sigmoid', [0, 1, 2].map((c) => ({ method: 'sigmoid' as const, class: c, a: -1, b: 0 }))).toJSON();
    const e = thrownSpmError(() => modelFromJSON({ ...json, calibration: { method: 'platt', calibrators: [] } }, 'model.json'));
    expect(e.code).toBe('ARTIFACT_CORRUPT');
    expect(e.message).toBe('invalid spm.model.calibrated model: calibration.method');
    expect(thrownSpmError(() => modelFromJSON({ ...json, calibration: { method: 'sigmoid', calibrators: [{ method: 'sigmoid', class: 0, a: 1, b: 0 }] } }, 'model.json')).message).toBe(
      'invalid spm.model.calibrated model: calibrator classes',
    );
    expect(thrownSpmError(() => modelFromJSON({ ...json, model: json }, 'model.json')).message).toBe('invalid spm.model.calibrated model: it holds another calibrated model');
  });
});
