/** A dense row-major matrix of features: row i, column j is data[i * cols + j]. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function createMatrix(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Rows of `m` at `indices`, in that order. */
export function takeMatrixRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = createMatrix(indices.length, m.cols);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i]! * m.cols;
    out.data.set(m.data.subarray(from, from + m.cols), i * m.cols);
  }
  return out;
}

export function takeValues(v: Float64Array, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = v[indices[i]!]!;
  return out;
}
