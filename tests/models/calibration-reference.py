"""Reference figures for tests/models/calibration.test.ts (scikit-learn 1.2.1, scipy 1.10.1).

Run: /usr/bin/python3 tests/models/calibration-reference.py  (prints JSON; the test holds the numbers)

1. The calibrators alone, on fixed scores: sklearn.calibration._sigmoid_calibration (a, b) and
   IsotonicRegression(out_of_bounds='clip') fitted values and predictions.
2. CalibratedClassifierCV(ensemble=False) on the iris dataset (Fisher 1936, sklearn.datasets.load_iris)
   with a logistic regression, on 5 folds fixed as row i -> fold i % 5 (the test builds the same ones):
   binary (virginica vs the rest) and 3 classes (one-vs-rest + renormalised), sigmoid and isotonic.
   The wrapper exposes predict_proba only, so sklearn calibrates probabilities (as spm does), not
   decision_function values.
"""
import json
import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV, _sigmoid_calibration
from sklearn.datasets import load_iris
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

out = {}

# 1. calibrators on fixed scores: 40 scores k/41 (k = 1..40) with targets from a fixed rule
scores = np.array([((k * 7) % 41) / 41 for k in range(1, 41)])
targets = np.array([1 if (s + 0.3 * np.sin(7 * k)) > 0.55 else 0 for k, s in enumerate(scores)])
a, b = _sigmoid_calibration(scores, targets)
iso = IsotonicRegression(out_of_bounds='clip').fit(scores, targets)
probe = np.array([-0.5, 0.0, 0.1, 0.33, 0.5, 0.61, 0.77, 0.9, 1.0, 2.0])
out['fixed'] = {
    'scores': scores.tolist(), 'targets': targets.tolist(),
    'sigmoid': [a, b],
    'probe': probe.tolist(),
    'sigmoid_probe': (1 / (1 + np.exp(a * probe + b))).tolist(),
    'isotonic_probe': iso.predict(probe).tolist(),
}


class ProbaOnly(ClassifierMixin, BaseEstimator):
    def __init__(self, C=1.0):
        self.C = C

    def fit(self, X, y):
        self.m_ = LogisticRegression(C=self.C, tol=1e-12, max_iter=100000).fit(X, y)
        self.classes_ = self.m_.classes_
        return self

    def predict_proba(self, X):
        return self.m_.predict_proba(X)


X, y = load_iris(return_X_y=True)
n = len(y)
folds = [(np.array([i for i in range(n) if i % 5 != f]), np.array([i for i in range(n) if i % 5 == f])) for f in range(5)]
rows = list(range(0, n, 10))
for name, target in [('binary', (y == 2).astype(int)), ('multi', y)]:
    for method in ['sigmoid', 'isotonic']:
        cal = CalibratedClassifierCV(ProbaOnly(), method=method, cv=folds, ensemble=False).fit(X, target)
        entry = {'proba': cal.predict_proba(X[rows]).tolist()}
        if method == 'sigmoid':
            entry['ab'] = [[c.a_, c.b_] for c in cal.calibrated_classifiers_[0].calibrators]
        out[f'{name}_{method}'] = entry
out['rows'] = rows
print(json.dumps(out))
