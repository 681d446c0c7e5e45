import { createHash } from 'node:crypto';
import type { Serde } from '../../serdes/serde.js';
import type { ProcessorContext } from '../../topology/processor.js';
import { taskDefaultSerdes } from '../../topology/nodes.js';

/** What the right side should do with a subscription (Kafka's SubscriptionWrapper.Instruction, same byte values). */
export const Instruction = {
  DELETE_KEY_NO_PROPAGATE: 0,
  DELETE_KEY_AND_PROPAGATE: 1,
  PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE: 2,
  PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE: 3,
} as const;
export type Instruction = (typeof Instruction)[keyof typeof Instruction];

/** A left row's subscription to a foreign key: the hash of the left value it was sent for, and its primary key. */
export interface SubscriptionWrapper<K> {
  readonly hash: Buffer | null;
  readonly instruction: Instruction;
  readonly primaryKey: K;
  readonly primaryPartition: number | undefined;
}

/** The right side's answer to a subscription: the foreign value (null if none) and the hash it answers. */
export interface SubscriptionResponseWrapper<VO> {
  readonly originalValueHash: Buffer | null;
  readonly foreignValue: VO | null;
  readonly primaryPartition: number | undefined;
}

const VERSION = 1;
const HASH_BYTES = 16;

/** A 128-bit hash of a serialized left value; stale responses carry another hash and are dropped. */
export function valueHash(bytes: Buffer | null): Buffer | null {
  return bytes === null ? null : createHash('md5').update(bytes).digest();
}

/** True if both hashes are null or equal. */
export function sameHash(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

/**
 * A serde known at build time, or the task's default key/value serde, resolved when a processor initializes
 * (Kafka's setIfUnset). The slot is shared with the serdes of the FK join's internal topics and store.
 */
export class SerdeSlot<T> {
  #serde: Serde<T> | undefined;
  constructor(
    serde: Serde<T> | undefined,
    readonly position: 'key' | 'value',
  ) {
    this.#serde = serde;
  }
  /** Binds the default serde of the task, if none was given. */
  bind(ctx: ProcessorContext<unknown, unknown>): void {
    if (this.#serde === undefined) this.#serde = taskDefaultSerdes(ctx)[this.position] as Serde<T> | undefined;
  }
  get(): Serde<T> {
    if (this.#serde === undefined) {
      throw new TypeError(`No ${this.position} serde for a foreign-key join: pass serdes (Consumed.with / Materialized.with) or set default${this.position === 'key' ? 'Key' : 'Value'}Serde.`);
    }
    return this.#serde;
  }
  serialize(topic: string, data: T | null): Buffer | null {
    return data === null || data === undefined ? null : this.get().serialize(topic, data);
  }
}

/** Kafka's SubscriptionWrapperSerde layout (v1): `[version | 0x80 if no hash][instruction][hash 16?][pk][int32 partition]`. */
export function subscriptionWrapperSerde<K>(primaryKey: SerdeSlot<K>, pkTopicOf: () => string): Serde<SubscriptionWrapper<K>> {
  return {
    serialize(_topic, data) {
      const pk = primaryKey.get().serialize(pkTopicOf(), data.primaryKey) as Buffer;
      const hashLength = data.hash === null ? 0 : HASH_BYTES;
      const out = Buffer.alloc(2 + hashLength + pk.length + 4);
      out[0] = data.hash === null ? VERSION | 0x80 : VERSION;
      out[1] = data.instruction;
      if (data.hash !== null) data.hash.copy(out, 2);
      pk.copy(out, 2 + hashLength);
      out.writeInt32BE(data.primaryPartition ?? -1, 2 + hashLength + pk.length);
      return out;
    },
    deserialize(_topic, data) {
      const bytes = data as Buffer;
      const hasHash = ((bytes[0] as number) & 0x80) === 0;
      const hashLength = hasHash ? HASH_BYTES : 0;
      const partition = bytes.readInt32BE(bytes.length - 4);
      return {
        hash: hasHash ? Buffer.from(bytes.subarray(2, 2 + HASH_BYTES)) : null,
        instruction: bytes[1] as Instruction,
        primaryKey: primaryKey.get().deserialize(pkTopicOf(), bytes.subarray(2 + hashLength, bytes.length - 4)) as K,
        primaryPartition: partition < 0 ? undefined : partition,
      };
    },
  };
}

/** Kafka's SubscriptionResponseWrapperSerde layout: `[version | 0x80 if no hash][hash 16?][foreign value?]`. */
export function responseWrapperSerde<VO>(foreignValue: SerdeSlot<VO>): Serde<SubscriptionResponseWrapper<VO>> {
  return {
    serialize(topic, data) {
      const value = foreignValue.serialize(topic, data.foreignValue) ?? Buffer.alloc(0);
      const hashLength = data.originalValueHash === null ? 0 : HASH_BYTES;
      const out = Buffer.alloc(1 + hashLength + value.length);
      out[0] = data.originalValueHash === null ? VERSION | 0x80 : VERSION;
      if (data.originalValueHash !== null) data.originalValueHash.copy(out, 1);
      value.copy(out, 1 + hashLength);
      return out;
    },
    deserialize(topic, data) {
      const bytes = data as Buffer;
      const hasHash = ((bytes[0] as number) & 0x80) === 0;
      const start = hasHash ? 1 + HASH_BYTES : 1;
      return {
        originalValueHash: hasHash ? Buffer.from(bytes.subarray(1, 1 + HASH_BYTES)) : null,
        foreignValue: bytes.length > start ? (foreignValue.get().deserialize(topic, bytes.subarray(start)) as VO) : null,
        primaryPartition: undefined,
      };
    },
  };
}

/** Every serde of one foreign-key join, and the subscription topic that names its pseudo topics. */
export interface FkSerdes<K, V, KO, VO> {
  readonly primaryKey: SerdeSlot<K>;
  readonly value: SerdeSlot<V>;
  readonly foreignKey: SerdeSlot<KO>;
  readonly foreignValue: SerdeSlot<VO>;
  readonly subscriptionTopic: string;
  /** Set when a processor binds the serdes: the application id that prefixes the pseudo topics. */
  readonly scope: { applicationId: string };
}

/** The pseudo topic (`<applicationId>-<subscription topic>-pk`) the primary-key serde is called with. */
export function primaryKeyPseudoTopic(serdes: FkSerdes<unknown, unknown, unknown, unknown>): string {
  return `${serdes.scope.applicationId}-${serdes.subscriptionTopic}-pk`;
}

/** Binds every slot still missing a serde to the task's defaults (each FK processor does this in init). */
export function bindFkSerdes(serdes: FkSerdes<unknown, unknown, unknown, unknown>, ctx: ProcessorContext<unknown, unknown>): { fk: string; pk: string; vh: string } {
  serdes.primaryKey.bind(ctx);
  serdes.value.bind(ctx);
  serdes.foreignKey.bind(ctx);
  serdes.foreignValue.bind(ctx);
  serdes.scope.applicationId = ctx.applicationId();
  const prefix = `${ctx.applicationId()}-${serdes.subscriptionTopic}`;
  return { fk: `${prefix}-fk`, pk: `${prefix}-pk`, vh: `${prefix}-vh` };
}
