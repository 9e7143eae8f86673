"""Reference for tests/models/boosting-early-stopping.test.ts: scikit-learn 1.2.1's early-stopping
rule (GradientBoosting*._fit_stages with n_iter_no_change, tol) on spm's own validation split.

Input (stdin): JSON written by `node bench/reference/early-stopping-data.mjs`: gridData(400, 11)
(tests/helpers/model-fixtures.ts), its three targets and, per target, spm's validationSplit of the
400 rows (fraction 0.2, createRng(0)). scikit-learn draws its split with numpy, so the split is
given instead: the model is fitted on the fit rows, the validation loss of every stage is
computed with the estimator's own loss (est._loss), and the rule stops as _fit_stages does.
Prints, per target, the stages kept and the digest [sum p, sum p^2, sum (i+1) p] of the stopped
model's predictions on the fit rows (predict for regression, predict_proba for classification),
also at the stages named as TARGET=STAGE arguments. Only the fit rows are compared: on rows a
tree never saw, scikit-learn's thresholds (midpoints between the values present in the node)
and spm's (midpoints between neighbouring bins of the whole fit set) can route a value between
them differently, so the held-out losses, and at times the stop, differ slightly.
Usage: node bench/reference/early-stopping-data.mjs | /usr/bin/python3 bench/reference/early_stopping.py reg=89"""
import json, sys
import numpy as np
from sklearn.ensemble import GradientBoostingRegressor, GradientBoostingClassifier

d = json.load(sys.stdin)
X = np.array(d['X'])
N_ITER_NO_CHANGE, TOL, ROUNDS = 5, 1e-4, 300
extra = dict(a.split('=') for a in sys.argv[1:])
out = {}
def digest(p):
    p = p.ravel()
    return [float(p.sum()), float((p * p).sum()), float(((np.arange(p.size) + 1) * p).sum())]
for name in ('reg', 'bin', 'multi'):
    y = np.array(d[name])
    fit, val = np.array(d[f'split_{name}']['fit']), np.array(d[f'split_{name}']['validation'])
    est = (GradientBoostingRegressor if name == 'reg' else GradientBoostingClassifier)(n_estimators=ROUNDS, max_depth=3, learning_rate=0.1, random_state=0)
    est.fit(X[fit], y[fit])
    staged = est.staged_predict(X[val]) if name == 'reg' else est.staged_decision_function(X[val])
    history = np.full(N_ITER_NO_CHANGE, np.inf)
    stages = ROUNDS
    for i, raw in enumerate(staged):
        loss = est._loss(y[val], raw)
        if np.any(loss + TOL < history):
            history[i % N_ITER_NO_CHANGE] = loss
        else:
            stages = i + 1
            break
    staged_fit = list(est.staged_predict(X[fit]) if name == 'reg' else est.staged_predict_proba(X[fit]))
    out[name] = {'stages': stages, 'digest_fit_rows': digest(staged_fit[stages - 1])}
    if name in extra: out[name][f'digest_fit_rows_at_{extra[name]}'] = digest(staged_fit[int(extra[name]) - 1])
print(json.dumps(out, indent=1))
