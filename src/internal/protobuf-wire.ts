/**
 * The few pieces of the protobuf wire format that `extendOnnxModel` needs to append nodes to an ONNX model and to read
 * its operator-set version, and that the OTLP receiver needs to read exported spans (https://protobuf.dev/programming-guides/encoding/). Field values are arrays of bytes;
 * messages are concatenations of fields.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A non-negative integer (or −1, written as the 10-byte two's complement int64) as a base-128 varint. */
function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value < 0 ? 2n ** 64n + BigInt(value) : BigInt(value);
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return bytes;
}

/** An integer field (wire type 0). */
export function varintField(options: { readonly field: number; readonly value: number }): number[] {
  return [...varint(options.field * 8), ...varint(options.value)];
}

/** A length-delimited field (wire type 2): an embedded message, bytes, or packed repeated scalars. */
export function bytesField(options: { readonly field: number; readonly bytes: readonly number[] }): number[] {
  return [...varint(options.field * 8 + 2), ...varint(options.bytes.length), ...options.bytes];
}

/** A UTF-8 string field. */
export function stringField(options: { readonly field: number; readonly text: string }): number[] {
  return bytesField({ field: options.field, bytes: [...encoder.encode(options.text)] });
}

/** A packed repeated int64 field. */
export function packedIntegersField(options: { readonly field: number; readonly values: readonly number[] }): number[] {
  return bytesField({ field: options.field, bytes: options.values.flatMap((value) => varint(value)) });
}

/**
 * One top-level field of a message: its number and, for varint fields, the value, or for length-delimited and
 * fixed-width (fixed64, double, fixed32, float) ones, the bytes.
 */
export interface WireField {
  readonly field: number;
  readonly value?: number | undefined;
  readonly bytes?: Uint8Array | undefined;
  /** A varint too long for `value` to hold exactly (over 2^53, e.g. a negative int64): its exact unsigned value. */
  readonly exact?: bigint | undefined;
}

/**
 * The top-level fields of a serialised message, in order (embedded messages are not descended into; their bytes are
 * views, not copies).
 *
 * @throws Error when the bytes are not a well-formed message (a wire type protobuf does not define, or a truncated field).
 */
export function readFields(message: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  const readVarint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = message[offset];
      if (byte === undefined) throw new Error("Truncated protobuf varint.");
      offset += 1;
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return value;
    }
  };
  while (offset < message.length) {
    const key = readVarint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (wireType === 0) {
      const start = offset;
      const value = readVarint();
      fields.push(
        Number.isSafeInteger(value)
          ? { field, value }
          : { field, value, exact: exactVarint(message.subarray(start, offset)) },
      );
    } else if (wireType === 2) {
      const length = readVarint();
      if (offset + length > message.length) throw new Error("Truncated protobuf field.");
      fields.push({ field, bytes: message.subarray(offset, offset + length) });
      offset += length;
    } else if (wireType === 1 || wireType === 5) {
      const length = wireType === 1 ? 8 : 4;
      if (offset + length > message.length) throw new Error("Truncated protobuf field.");
      fields.push({ field, bytes: message.subarray(offset, offset + length) });
      offset += length;
    } else throw new Error(`Unsupported protobuf wire type ${wireType}.`);
  }
  if (offset !== message.length) throw new Error("Truncated protobuf field.");
  return fields;
}

function exactVarint(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let index = bytes.length - 1; index >= 0; index -= 1) value = (value << 7n) | BigInt((bytes[index] ?? 0) & 0x7f);
  return value;
}

/** The UTF-8 text of a length-delimited field. */
export function fieldText(field: WireField): string {
  return field.bytes === undefined ? "" : decoder.decode(field.bytes);
}

/** The unsigned little-endian 64-bit integer of a fixed64 field, as a decimal string (exact beyond 2^53). */
export function fieldFixed64(field: WireField): string {
  if (field.bytes?.length !== 8) return "0";
  return new DataView(field.bytes.buffer, field.bytes.byteOffset, 8).getBigUint64(0, true).toString();
}

/** The IEEE 754 double of a fixed64 field. */
export function fieldDouble(field: WireField): number {
  if (field.bytes?.length !== 8) return 0;
  return new DataView(field.bytes.buffer, field.bytes.byteOffset, 8).getFloat64(0, true);
}
