/** A rough size in bytes of a cached key or value, for the record caches' byte budget (cacheMaxBytesBuffering). */
export function estimateBytes(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return value.length;
    case 'number':
    case 'bigint':
      return 8;
    case 'boolean':
      return 1;
    case 'object':
      if (value === null) return 0;
      if (Buffer.isBuffer(value)) return value.length;
      if (typeof (value as { timestamp?: unknown }).timestamp === 'number') return 8 + estimateBytes((value as { value: unknown }).value);
      return 128;
    default:
      return 16;
  }
}
