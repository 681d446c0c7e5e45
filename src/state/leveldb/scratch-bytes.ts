import { writeInt64BE } from '../../internal/bytes.js';

/**
 * A reusable buffer that restored keys and values are laid out in (key with the data prefix, value with Kafka's
 * timestamp prefix) just before a chained batch's put copies them into the native batch. One buffer is reused
 * for every record, and so is the view handed to the batch while lengths repeat, so restoring allocates nothing
 * per record.
 */
export class ScratchBytes {
  #bytes: Buffer;
  #view: Uint8Array;

  /** `head` bytes at the start of every layout, set once (e.g. the data prefix). */
  constructor(private readonly head: Uint8Array = new Uint8Array(0)) {
    this.#bytes = Buffer.allocUnsafe(256);
    this.#bytes.set(head, 0);
    this.#view = this.#bytes.subarray(0, head.length);
  }

  /** The head followed by `bytes` (valid until the next call). */
  with(bytes: Uint8Array): Uint8Array {
    const at = this.head.length;
    const target = this.#reserve(at + bytes.length);
    target.set(bytes, at);
    return this.#viewOf(at + bytes.length);
  }

  /** The head, `timestamp` as a big-endian int64, then `bytes` (valid until the next call); RangeError if not a safe integer. */
  withTimestamp(timestamp: number, bytes: Uint8Array): Uint8Array {
    const at = this.head.length;
    const target = this.#reserve(at + 8 + bytes.length);
    writeInt64BE(target, timestamp, at);
    target.set(bytes, at + 8);
    return this.#viewOf(at + 8 + bytes.length);
  }

  #reserve(length: number): Buffer {
    if (length > this.#bytes.length) {
      this.#bytes = Buffer.allocUnsafe(Math.max(length, 2 * this.#bytes.length));
      this.#bytes.set(this.head, 0);
      this.#view = this.#bytes.subarray(0, this.head.length);
    }
    return this.#bytes;
  }

  #viewOf(length: number): Uint8Array {
    if (this.#view.length !== length) this.#view = new Uint8Array(this.#bytes.buffer, this.#bytes.byteOffset, length);
    return this.#view;
  }
}
