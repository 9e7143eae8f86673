/**
 * Training data in shared memory, for the worker threads of cross-validation (cv-worker.ts) and
 * of the random forest's refit (forest-worker.ts): copied once into SharedArrayBuffers, which
 * every worker reads without a copy of its own.
 */
import type { FitData } from './model.js';
import type { Matrix } from './matrix.js';

export interface SharedFitData {
  readonly rows: number;
  readonly cols: number;
  readonly x: SharedArrayBuffer;
  readonly y: SharedArrayBuffer;
  readonly sampleWeight?: SharedArrayBuffer;
  readonly nClasses?: number;
  readonly seed: number;
}

/** A copy of the array in shared memory, for worker threads (no copy per worker). */
export function share(array: Float64Array | Uint32Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(array.byteLength);
  new Uint8Array(buffer).set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return buffer;
}

/** `data` in shared memory (main thread). */
export function shareFitData(data: { readonly X: Matrix; readonly y: Float64Array; readonly sampleWeight?: Float64Array; readonly nClasses?: number; readonly seed: number }): SharedFitData {
  return {
    rows: data.X.rows,
    cols: data.X.cols,
    x: share(data.X.data),
    y: share(data.y),
    ...(data.sampleWeight ? { sampleWeight: share(data.sampleWeight) } : {}),
    ...(data.nClasses === undefined ? {} : { nClasses: data.nClasses }),
    seed: data.seed,
  };
}

/** The data again, as views of the shared memory (worker side). */
export function sharedFitData(shared: SharedFitData): FitData {
  return {
    X: { rows: shared.rows, cols: shared.cols, data: new Float64Array(shared.x) },
    y: new Float64Array(shared.y),
    ...(shared.nClasses === undefined ? {} : { nClasses: shared.nClasses }),
    ...(shared.sampleWeight ? { sampleWeight: new Float64Array(shared.sampleWeight) } : {}),
    seed: shared.seed,
  };
}
