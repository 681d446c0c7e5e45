import type { Serde } from '../serdes/serde.js';
import type { Change } from './change.js';

const OLD_ONLY = 0;
const NEW_ONLY = 1;
const BOTH = 2;

/**
 * Carries a Change through a repartition topic (KGroupedTable), in Kafka's ChangedSerializer layout:
 * `[old][0]`, `[new][1]` or `[u32 newLength][new][old][2]`.
 */
export function changeSerde<V>(inner: Serde<V>): Serde<Change<V>> {
  return {
    serialize(topic, data) {
      const newBytes = data.newValue === null ? null : inner.serialize(topic, data.newValue);
      const oldBytes = data.oldValue === null ? null : inner.serialize(topic, data.oldValue);
      if (newBytes !== null && oldBytes !== null) {
        const out = Buffer.allocUnsafe(4 + newBytes.length + oldBytes.length + 1);
        out.writeUInt32BE(newBytes.length, 0);
        newBytes.copy(out, 4);
        oldBytes.copy(out, 4 + newBytes.length);
        out[out.length - 1] = BOTH;
        return out;
      }
      const only = newBytes ?? oldBytes;
      if (only === null) return null;
      const out = Buffer.allocUnsafe(only.length + 1);
      only.copy(out, 0);
      out[only.length] = newBytes !== null ? NEW_ONLY : OLD_ONLY;
      return out;
    },
    deserialize(topic, data) {
      if (data === null) return { newValue: null, oldValue: null };
      const flag = data[data.length - 1];
      if (flag === BOTH) {
        const newLength = data.readUInt32BE(0);
        return {
          newValue: inner.deserialize(topic, data.subarray(4, 4 + newLength)),
          oldValue: inner.deserialize(topic, data.subarray(4 + newLength, data.length - 1)),
        };
      }
      const value = inner.deserialize(topic, data.subarray(0, data.length - 1));
      return flag === NEW_ONLY ? { newValue: value, oldValue: null } : { newValue: null, oldValue: value };
    },
  };
}
