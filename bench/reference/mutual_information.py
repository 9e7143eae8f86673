"""Reference figures of tests/features/mutual-information.test.ts (scikit-learn's estimators).

Run: /usr/bin/python3 bench/reference/mutual_information.py
The data is closed-form, so the test rebuilds the same columns without Python.
"""
import numpy as np
import sklearn
from sklearn.feature_selection import mutual_info_classif, mutual_info_regression

n = 80
i = np.arange(n, dtype=float)
x1 = np.sin(1.7 * i + 0.3) * 3
x2 = np.cos(2.3 * i) * ((i % 7) + 1)
x3 = np.sin(0.37 * i * i)  # unrelated to y
y = x1 + 0.05 * x2 * x2 + 0.3 * np.sin(13 * i)
X = np.column_stack([x1, x2, x3])
labels = (y > np.median(y)).astype(int) + (y > np.quantile(y, 0.8)).astype(int)
print("sklearn", sklearn.__version__)
print("regression", [repr(v) for v in mutual_info_regression(X, y, n_neighbors=3, random_state=0)])
print("classification", [repr(v) for v in mutual_info_classif(X, labels, n_neighbors=3, random_state=0)])
print("labels", labels.tolist())
