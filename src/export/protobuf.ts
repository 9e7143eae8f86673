/**
 * The protocol-buffers wire format (https://protobuf.dev/programming-guides/encoding/), as far
 * as ONNX needs it: varints, length-delimited fields (strings, bytes, messages, packed numbers)
 * and 32/64-bit floats. A writer for `spm export` and a reader for the structural check, so
 * export needs no protobuf library.
 */

const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

/** Builds one message: fields are appended in call order (field order is free in protobuf). */
export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  private key(field: number, wire: number): void {
    this.push(varint(BigInt(field * 8 + wire)));
  }

  /** int32, int64, enum and bool fields (negative numbers as 10-byte two's complement, as protobuf does). */
  int(field: number, value: number | bigint): this {
    this.key(field, WIRE.varint);
    this.push(varint(BigInt.asUintN(64, BigInt(value))));
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, WIRE.fixed32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, WIRE.bytes);
    this.push(varint(BigInt(value.length)));
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated float field (float32 little-endian). */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const b = new Uint8Array(values.length * 4);
    const view = new DataView(b.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
    return this.bytes(field, b);
  }

  /** A packed repeated double field. */
  packedDoubles(field: number, values: ArrayLike<number>): this {
    const b = new Uint8Array(values.length * 8);
    const view = new DataView(b.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
    return this.bytes(field, b);
  }

  /** A packed repeated int64 field. */
  packedInts(field: number, values: ArrayLike<number>): this {
    const inner: Uint8Array[] = [];
    let n = 0;
    for (let i = 0; i < values.length; i++) {
      const v = varint(BigInt.asUintN(64, BigInt(values[i]!)));
      inner.push(v);
      n += v.length;
    }
    return this.bytes(field, concat(inner, n));
  }

  finish(): Uint8Array {
    return concat(this.chunks, this.size);
  }
}

function varint(value: bigint): Uint8Array {
  const out: number[] = [];
  let v = value;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return Uint8Array.from(out);
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** One field as read back: varints as bigint, length-delimited as bytes, fixed as their raw bytes. */
export interface ProtoField {
  readonly field: number;
  readonly wire: number;
  readonly int?: bigint;
  readonly bytes?: Uint8Array;
}

/** Splits a message into its fields; throws on a truncated or malformed buffer. */
export function readFields(buf: Uint8Array): ProtoField[] {
  const out: ProtoField[] = [];
  let at = 0;
  const readVarint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (at >= buf.length) throw new Error('truncated varint');
      const byte = buf[at++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new Error('varint too long');
    }
  };
  const take = (n: number): Uint8Array => {
    if (at + n > buf.length) throw new Error('truncated field');
    const b = buf.subarray(at, at + n);
    at += n;
    return b;
  };
  while (at < buf.length) {
    const key = readVarint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === WIRE.varint) out.push({ field, wire, int: readVarint() });
    else if (wire === WIRE.bytes) out.push({ field, wire, bytes: take(Number(readVarint())) });
    else if (wire === WIRE.fixed32) out.push({ field, wire, bytes: take(4) });
    else if (wire === WIRE.fixed64) out.push({ field, wire, bytes: take(8) });
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}
