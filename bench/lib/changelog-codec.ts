/**
 * A changelog as a consumer fetches it, for the restore case: batches of records in Kafka's v2 record layout
 * (per record: length, attributes, timestamp delta, offset delta, key and value with varint lengths, header
 * count; zigzag varints), behind a small batch header (base offset int64, first timestamp int64, count int32).
 * No CRC and no compression. `decodeBatch` is the decode-only baseline; the restore decodes the same way.
 */
import type { ChangelogRecord } from '../../src/state/store.js';

function varintSize(value: number): number {
  let z = value >= 0 ? value * 2 : -value * 2 - 1;
  let n = 1;
  while (z >= 0x80) {
    z = Math.floor(z / 128);
    n++;
  }
  return n;
}

function writeVarint(buf: Buffer, pos: number, value: number): number {
  let z = value >= 0 ? value * 2 : -value * 2 - 1;
  while (z >= 0x80) {
    buf[pos++] = (z & 0x7f) | 0x80;
    z = Math.floor(z / 128);
  }
  buf[pos++] = z;
  return pos;
}

/** Encodes records [from, from + count) of a changelog into one batch. */
export function encodeBatch(baseOffset: number, records: readonly ChangelogRecord[]): Buffer {
  const first = records[0]?.timestamp ?? 0;
  const bodies = records.map((r, i) => {
    const keyLen = r.key.length;
    const valueLen = r.value === null ? -1 : r.value.length;
    const body = 1 + varintSize(r.timestamp - first) + varintSize(i) + varintSize(keyLen) + keyLen + varintSize(valueLen) + Math.max(0, valueLen) + 1;
    return body;
  });
  const size = 20 + bodies.reduce((a, b, i) => a + b + varintSize(bodies[i] as number), 0);
  const out = Buffer.alloc(size);
  out.writeBigInt64BE(BigInt(baseOffset), 0);
  out.writeBigInt64BE(BigInt(first), 8);
  out.writeInt32BE(records.length, 16);
  let pos = 20;
  records.forEach((r, i) => {
    pos = writeVarint(out, pos, bodies[i] as number);
    out[pos++] = 0; // attributes
    pos = writeVarint(out, pos, r.timestamp - first);
    pos = writeVarint(out, pos, i);
    pos = writeVarint(out, pos, r.key.length);
    pos += r.key.copy(out, pos);
    if (r.value === null) pos = writeVarint(out, pos, -1);
    else {
      pos = writeVarint(out, pos, r.value.length);
      pos += r.value.copy(out, pos);
    }
    pos = writeVarint(out, pos, 0); // headers
  });
  return out;
}

/** Decodes one batch into changelog records (key and value are slices of the batch, as kafkajs hands them out). */
export function decodeBatch(batch: Buffer): ChangelogRecord[] {
  const first = Number(batch.readBigInt64BE(8));
  const count = batch.readInt32BE(16);
  const out: ChangelogRecord[] = new Array<ChangelogRecord>(count);
  let pos = 20;
  const varint = (): number => {
    let result = 0;
    let shift = 1;
    let b: number;
    do {
      b = batch[pos++] as number;
      result += (b & 0x7f) * shift;
      shift *= 128;
    } while (b & 0x80);
    return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
  };
  for (let i = 0; i < count; i++) {
    varint(); // length
    pos++; // attributes
    const timestamp = first + varint();
    varint(); // offset delta
    const keyLen = varint();
    const key = batch.subarray(pos, pos + keyLen);
    pos += keyLen;
    const valueLen = varint();
    const value = valueLen < 0 ? null : batch.subarray(pos, pos + valueLen);
    pos += Math.max(0, valueLen);
    const headers = varint();
    if (headers !== 0) throw new Error('headers are not expected in the bench changelog');
    out[i] = { key, value, timestamp };
  }
  return out;
}
