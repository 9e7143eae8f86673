/**
 * The protocol-buffers wire format (https://protobuf.dev/programming-guides/encoding/), as far
 * as ONNX needs it: varints, length-delimited fields (strings, bytes, messages, packed numbers)
 * and 32/64-bit floats. A writer for `spm export` and a reader for the structural check, so
 * export needs no protobuf library.
 */

const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

/** Builds one message into a growing buffer: fields are appended in call order (field order is free in protobuf). */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private size = 0;

  private reserve(n: number): void {
    if (this.size + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.size + n));
    next.set(this.buf.subarray(0, this.size));
    this.buf = next;
  }

  private varint(value: number): void {
    this.reserve(10);
    this.size = writeVarint(this.buf, this.size, value);
  }

  private key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** int32, int64, enum and bool fields (negative numbers as 10-byte two's complement, as protobuf does). */
  int(field: number, value: number): this {
    this.key(field, WIRE.varint);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, WIRE.fixed32);
    this.reserve(4);
    new DataView(this.buf.buffer).setFloat32(this.size, value, true);
    this.size += 4;
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, WIRE.bytes);
    this.varint(value.length);
    this.reserve(value.length);
    this.buf.set(value, this.size);
    this.size += value.length;
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, encoder.encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated float field (float32 little-endian). */
  packedFloats(field: number, values: ArrayLike<number>): this {
    return this.bytes(field, littleEndian(values, 4));
  }

  /** A packed repeated double field. */
  packedDoubles(field: number, values: ArrayLike<number>): this {
    return this.bytes(field, littleEndian(values, 8));
  }

  /** A packed repeated int64 field. */
  packedInts(field: number, values: ArrayLike<number>): this {
    const out = new Uint8Array(values.length * 10);
    let n = 0;
    for (let i = 0; i < values.length; i++) n = writeVarint(out, n, values[i]!);
    return this.bytes(field, out.subarray(0, n));
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.size);
  }
}

const encoder = new TextEncoder();
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Floats (4 bytes) or doubles (8) in little-endian order, as protobuf stores them: a typed array's own bytes on a little-endian host. */
function littleEndian(values: ArrayLike<number>, width: 4 | 8): Uint8Array {
  if (LITTLE_ENDIAN_HOST) return new Uint8Array((width === 4 ? Float32Array.from(values) : Float64Array.from(values)).buffer);
  const out = new Uint8Array(values.length * width);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    if (width === 4) view.setFloat32(i * 4, values[i]!, true);
    else view.setFloat64(i * 8, values[i]!, true);
  }
  return out;
}

/** Writes an integer as a varint at `at`; returns the end. Negative ones as 64-bit two's complement (10 bytes). */
function writeVarint(out: Uint8Array, at: number, value: number): number {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer for a varint: ${value}`);
  if (value < 0) {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      out[at++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    out[at++] = Number(v);
    return at;
  }
  let v = value;
  while (v >= 0x80) {
    out[at++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  out[at++] = v;
  return at;
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
