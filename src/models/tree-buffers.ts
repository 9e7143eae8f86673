/**
 * Work arrays of the tree kernel kept from one tree to the next of an ensemble: boosting grows
 * hundreds of trees on the same rows, and allocating each tree's row-sized arrays and
 * histograms afresh made the garbage collector a tenth of the fit. A tree writes every element
 * it reads (gather, partition) or clears what it needs (histograms are zeroed on acquire), so
 * reused arrays give the same bytes as new ones. One GrowBuffers serves one thread.
 */
export class GrowBuffers {
  private f64 = new Map<string, Float64Array>();
  private i32 = new Map<string, Int32Array>();
  private u32 = new Map<string, Uint32Array>();
  /** Released histogram buffers, by length. */
  private readonly pools = new Map<number, Float64Array[]>();

  /** A Float64Array of length n (contents unspecified), the same memory for the same name while it fits. */
  float64(name: string, n: number): Float64Array {
    return take(this.f64, name, n, (m) => new Float64Array(m));
  }

  int32(name: string, n: number): Int32Array {
    return take(this.i32, name, n, (m) => new Int32Array(m));
  }

  uint32(name: string, n: number): Uint32Array {
    return take(this.u32, name, n, (m) => new Uint32Array(m));
  }

  /** The pool of histogram buffers of `size` doubles. */
  pool(size: number): Float64Array[] {
    let p = this.pools.get(size);
    if (!p) this.pools.set(size, (p = []));
    return p;
  }
}

function take<T extends Float64Array | Int32Array | Uint32Array>(map: Map<string, T>, name: string, n: number, make: (n: number) => T): T {
  let a = map.get(name);
  if (!a || a.length < n) map.set(name, (a = make(n)));
  return a.length === n ? a : (a.subarray(0, n) as T);
}
