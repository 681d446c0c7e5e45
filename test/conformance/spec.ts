import {
  BufferConfig,
  Consumed,
  EmitStrategy,
  Grouped,
  JoinWindows,
  Joined,
  KeyValue,
  Materialized,
  Produced,
  Serdes,
  SessionWindows,
  SlidingWindows,
  StreamJoined,
  StreamsBuilder,
  Suppressed,
  TimeWindows,
  type CogroupedKStream,
  type GlobalKTable,
  type KGroupedStream,
  type KGroupedTable,
  type KStream,
  type KTable,
  type ProcessorContext,
  type Serde,
  type SessionWindowedCogroupedKStream,
  type SessionWindowedKStream,
  type StreamRecord,
  type TimeWindowedCogroupedKStream,
  type TimeWindowedKStream,
  type Windowed,
} from '../../src/index.js';

/**
 * A reader of the conformance spec language (a chain of DSL ops with data-only functions),
 * written against kstreams' public API: `buildTopology(case.topology)` makes the same DSL calls, in the same order,
 * as were made on Kafka Streams to produce the expected outputs, so a corpus case (spec, inputs, Kafka's outputs) can be replayed
 * on kstreams. Besides the README's vocabulary it reads the extensions used by the hand-written cases:
 * `materialized: "<store>"` on table filter/filterNot/mapValues, `merge` with `fromSelf`, `sideChain`,
 * `cogroup`/`cogroupWith` (+ `windowedBy` and `aggregate` on the cogrouped stream), `processValues`, `retention`
 * on a windowed count/reduce/aggregate (a window store kept long enough for emit-on-window-close), and `suppress`
 * with `maxRecords` but no `untilTimeLimit` (untilWindowCloses with a strict `maxRecords(n).shutDownWhenFull()`)
 * or with `shutDownWhenFull: true`.
 *
 * A malformed spec throws SpecError (a bug of the corpus or of this reader, never an expected outcome); anything
 * else thrown while building is kstreams rejecting the topology, the counterpart of Kafka's `error.phase = build`.
 */

/** Keys and values as the spec language sees them: strings, or Long (number) after count. */
export type Key = string | null;
export type Value = string | number | null;
export type ValueType = 'String' | 'Long';

/** One op of a chain; the fields depend on `op` (README table). */
export interface SpecOp {
  readonly op: string;
  readonly [field: string]: unknown;
}

export type SpecRecord = readonly [topic: string, key: string | null, value: string | null, timestampMs: number];

export interface KafkaError {
  readonly phase: 'build' | 'init' | 'run';
  readonly class: string;
  readonly message: string;
  readonly record?: number;
}

export interface SpecCase {
  readonly id: string;
  readonly family: string;
  readonly ops: readonly string[];
  readonly topology: readonly SpecOp[];
  readonly outputTopic: string;
  readonly outputValueSerde: ValueType;
  readonly records: readonly SpecRecord[];
  readonly expected: readonly string[];
  readonly error?: KafkaError;
}

/** The spec itself is malformed (not a kstreams failure). */
export class SpecError extends Error {
  override readonly name = 'SpecError';
}

type WKey = Windowed<Key>;
type Handle =
  | { readonly kind: 'stream'; readonly o: KStream<Key, Value>; readonly vt: ValueType }
  | { readonly kind: 'table'; readonly o: KTable<Key, Value>; readonly vt: ValueType }
  | { readonly kind: 'wtable'; readonly o: KTable<WKey, Value>; readonly vt: ValueType }
  | { readonly kind: 'global'; readonly o: GlobalKTable<Key, Value>; readonly vt: ValueType }
  | { readonly kind: 'gstream'; readonly o: KGroupedStream<Key, Value>; readonly vt: ValueType }
  | { readonly kind: 'gtable'; readonly o: KGroupedTable<Key, Value>; readonly vt: ValueType }
  | { readonly kind: 'twstream'; readonly o: TimeWindowedKStream<Key, Value>; readonly vt: ValueType }
  | { readonly kind: 'swstream'; readonly o: SessionWindowedKStream<Key, Value>; readonly vt: ValueType }
  | { readonly kind: 'cogrouped'; readonly o: CogroupedKStream<Key, Value>; readonly vt: ValueType }
  | { readonly kind: 'twcogrouped'; readonly o: TimeWindowedCogroupedKStream<Key, Value>; readonly vt: ValueType }
  | { readonly kind: 'swcogrouped'; readonly o: SessionWindowedCogroupedKStream<Key, Value>; readonly vt: ValueType };
type Kind = Handle['kind'];
type Of<T extends Kind> = Extract<Handle, { kind: T }>;

const S = Serdes.String() as Serde<string | null> as Serde<Key>;
const SV = Serdes.String() as Serde<string | null> as Serde<Value>;
const L = Serdes.Long() as Serde<number | null> as Serde<Value>;

// ------------------------------------------------------------------ field access

type Fields = Readonly<Record<string, unknown>>;

function field(op: Fields, name: string): unknown {
  if (!(name in op)) throw new SpecError(`${String(op['op'])}: missing field ${name}`);
  return op[name];
}
function str(op: Fields, name: string): string {
  const v = field(op, name);
  if (typeof v !== 'string') throw new SpecError(`${String(op['op'])}.${name}: expected a string`);
  return v;
}
function num(op: Fields, name: string): number {
  const v = field(op, name);
  if (typeof v !== 'number') throw new SpecError(`${String(op['op'])}.${name}: expected a number`);
  return v;
}
function obj(op: Fields, name: string): Fields {
  const v = field(op, name);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new SpecError(`${String(op['op'])}.${name}: expected an object`);
  return v as Fields;
}
function ops(op: Fields, name: string): readonly SpecOp[] {
  const v = field(op, name);
  if (!Array.isArray(v)) throw new SpecError(`${String(op['op'])}.${name}: expected an op list`);
  return v as SpecOp[];
}

// ------------------------------------------------------------------ the function vocabulary (all data)

/** Java's String.valueOf for the values that flow here. */
export function javaString(v: unknown): string {
  return v === null || v === undefined ? 'null' : String(v);
}

const len = (v: Value): number => (v === null ? 0 : String(v).length);

/** Predicate: `{valueLenMod: m, equals: r}` → len(v) % m == r; `{keyIn: [..]}` → k != null && k in list. */
export function predicate(f: Fields): (k: Key, v: Value) => boolean {
  if ('valueLenMod' in f) {
    const m = num(f, 'valueLenMod');
    const r = num(f, 'equals');
    return (_k, v) => len(v) % m === r;
  }
  if ('keyIn' in f) {
    const list = field(f, 'keyIn') as readonly string[];
    return (k) => k !== null && list.includes(k);
  }
  throw new SpecError(`unknown predicate ${JSON.stringify(f)}`);
}

/** Value function: `{append: s}` | `{upper: true}` | `{length: true}`; null stays null. */
export function valueFn(f: Fields): (v: Value) => Value {
  if ('append' in f) {
    const s = str(f, 'append');
    return (v) => (v === null ? null : `${v}${s}`);
  }
  if ('upper' in f) return (v) => (v === null ? null : String(v).toUpperCase());
  if ('length' in f) return (v) => (v === null ? null : String(String(v).length));
  throw new SpecError(`unknown value function ${JSON.stringify(f)}`);
}

/** Key function: `{fromValuePrefix: n}` | `{keyAppend: s}` | `{constant: s}`. */
export function keyFn(f: Fields): (k: Key, v: Value) => Key {
  if ('fromValuePrefix' in f) {
    const n = num(f, 'fromValuePrefix');
    return (_k, v) => (v === null ? null : String(v).slice(0, n));
  }
  if ('keyAppend' in f) {
    const s = str(f, 'keyAppend');
    return (k) => (k === null ? null : k + s);
  }
  if ('constant' in f) {
    const s = str(f, 'constant');
    return () => s;
  }
  throw new SpecError(`unknown key function ${JSON.stringify(f)}`);
}

/** Literal split keeping empty pieces; null → no records. */
const split = (sep: string) => (v: Value): string[] => (v === null ? [] : String(v).split(sep));

const joiner = (l: unknown, r: unknown): Value => `${javaString(l)}-${javaString(r)}`;
const concat = (sep: string) => (a: Value, v: Value): Value => `${javaString(a)}${sep}${javaString(v)}`;
const aggregator = (sep: string) => (_k: unknown, v: Value, a: Value): Value => `${javaString(a)}${sep}${javaString(v)}`;
const merger = (sep: string) => (_k: unknown, a1: Value, a2: Value): Value => `${javaString(a1)}${sep}${javaString(a2)}`;

function timeWindows(w: Fields): TimeWindows | SlidingWindows | SessionWindows {
  const type = str(w, 'type');
  const hasGrace = 'grace' in w;
  switch (type) {
    case 'tumbling':
    case 'hopping': {
      const tw = hasGrace ? TimeWindows.ofSizeAndGrace(num(w, 'size'), num(w, 'grace')) : TimeWindows.ofSizeWithNoGrace(num(w, 'size'));
      return 'advance' in w ? tw.advanceBy(num(w, 'advance')) : tw;
    }
    case 'sliding':
      return hasGrace ? SlidingWindows.ofTimeDifferenceAndGrace(num(w, 'diff'), num(w, 'grace')) : SlidingWindows.ofTimeDifferenceWithNoGrace(num(w, 'diff'));
    case 'session':
      return hasGrace ? SessionWindows.ofInactivityGapAndGrace(num(w, 'gap'), num(w, 'grace')) : SessionWindows.ofInactivityGapWithNoGrace(num(w, 'gap'));
    default:
      throw new SpecError(`unknown window type ${type}`);
  }
}

/** Extension `retention: ms` on a windowed count/reduce/aggregate: `Materialized.as("wagg").withRetention(ms)`. */
function retention(op: Fields): number | undefined {
  return 'retention' in op ? num(op, 'retention') : undefined;
}
function windowStore<V>(op: Fields): Materialized<Key, V> {
  return Materialized.as<Key, V>('wagg').withRetention(num(op, 'retention'));
}

function joinWindows(w: Fields): JoinWindows {
  let jw = 'grace' in w ? JoinWindows.ofTimeDifferenceAndGrace(num(w, 'diff'), num(w, 'grace')) : JoinWindows.ofTimeDifferenceWithNoGrace(num(w, 'diff'));
  if ('before' in w) jw = jw.before(num(w, 'before'));
  if ('after' in w) jw = jw.after(num(w, 'after'));
  return jw;
}

// ------------------------------------------------------------------ building

function need<T extends Kind>(t: Handle | undefined, op: string, ...kinds: T[]): Of<T> {
  if (t !== undefined && (kinds as Kind[]).includes(t.kind)) return t as Of<T>;
  throw new SpecError(`${op} on ${t === undefined ? 'nothing' : t.kind}`);
}

function chain(b: StreamsBuilder, list: readonly SpecOp[], start?: Handle): Handle | undefined {
  let t = start;
  for (const op of list) t = apply(b, t, op);
  return t;
}

/** Builds the topology of a spec with kstreams' DSL. Throws what kstreams throws for an invalid topology. */
export function buildSpec(topology: readonly SpecOp[]): StreamsBuilder {
  const b = new StreamsBuilder();
  const last = chain(b, topology);
  if (last !== undefined) throw new SpecError('the last op must be to');
  return b;
}

function apply(b: StreamsBuilder, t: Handle | undefined, op: SpecOp): Handle | undefined {
  const name = op.op;
  switch (name) {
    case 'stream':
      return { kind: 'stream', o: b.stream<Key, Value>(str(op, 'topic'), Consumed.with(S, SV)), vt: 'String' };
    case 'table': {
      const topic = str(op, 'topic');
      const o = op['materialized'] === true
        ? b.table<Key, Value>(topic, Consumed.with(S, SV), Materialized.as<Key, Value>(`src-${topic}`))
        : b.table<Key, Value>(topic, Consumed.with(S, SV));
      return { kind: 'table', o, vt: 'String' };
    }
    case 'globalTable':
      return { kind: 'global', o: b.globalTable<Key, Value>(str(op, 'topic'), Consumed.with(S, SV)), vt: 'String' };
    case 'repartition': {
      const s = need(t, name, 'stream');
      return { ...s, o: s.o.repartition() };
    }
    case 'filter':
    case 'filterNot': {
      const h = need(t, name, 'stream', 'table');
      const p = predicate(obj(op, 'pred'));
      if (h.kind === 'stream') return { ...h, o: name === 'filter' ? h.o.filter(p) : h.o.filterNot(p) };
      if (typeof op['materialized'] === 'string') {
        const m = Materialized.as<Key, Value>(op['materialized']);
        return { ...h, o: name === 'filter' ? h.o.filter(p, m) : h.o.filterNot(p, m) };
      }
      return { ...h, o: name === 'filter' ? h.o.filter(p) : h.o.filterNot(p) };
    }
    case 'mapValues': {
      const h = need(t, name, 'stream', 'table');
      const fn = valueFn(obj(op, 'fn'));
      const m = (v: Value): Value => fn(v);
      if (h.kind === 'stream') return { kind: 'stream', o: h.o.mapValues(m), vt: 'String' };
      if (typeof op['materialized'] === 'string') return { kind: 'table', o: h.o.mapValues(m, Materialized.as<Key, Value>(op['materialized'])), vt: 'String' };
      return { kind: 'table', o: h.o.mapValues(m), vt: 'String' };
    }
    case 'processValues': {
      const s = need(t, name, 'stream');
      const fn = valueFn(obj(op, 'fn'));
      return {
        kind: 'stream',
        vt: 'String',
        o: s.o.processValues<Value>(() => {
          let ctx: ProcessorContext<Key, Value> | undefined;
          return {
            init(context: ProcessorContext<Key, Value>): void {
              ctx = context;
            },
            process(record: StreamRecord<Key, Value>): void {
              ctx?.forward(record.withValue(fn(record.value)));
            },
          };
        }),
      };
    }
    case 'selectKey': {
      const s = need(t, name, 'stream');
      const kf = keyFn(obj(op, 'key'));
      return { ...s, o: s.o.selectKey((k, v) => kf(k, v)) };
    }
    case 'map': {
      const s = need(t, name, 'stream');
      if (op['swap'] === true) return { kind: 'stream', o: s.o.map((k, v) => KeyValue.pair(v === null ? null : String(v), k as Value)), vt: 'String' };
      const kf = keyFn(obj(op, 'key'));
      const vf = valueFn(obj(op, 'value'));
      return { kind: 'stream', o: s.o.map((k, v) => KeyValue.pair(kf(k, v), vf(v))), vt: 'String' };
    }
    case 'flatMapValues': {
      const s = need(t, name, 'stream');
      const f = split(str(op, 'splitOn'));
      return { kind: 'stream', o: s.o.flatMapValues<Value>((v) => f(v)), vt: 'String' };
    }
    case 'peek': {
      const s = need(t, name, 'stream');
      return { ...s, o: s.o.peek(() => undefined) };
    }
    case 'merge': {
      const s = need(t, name, 'stream');
      const other = op['fromSelf'] === true ? chain(b, ops(op, 'other'), s) : chain(b, ops(op, 'other'));
      const o = need(other, 'merge(other)', 'stream');
      return { ...s, o: s.o.merge(o.o) };
    }
    case 'sideChain': {
      const h = need(t, name, 'stream', 'table');
      chain(b, ops(op, 'other'), h);
      return h;
    }
    case 'groupByKey': {
      const s = need(t, name, 'stream');
      return { kind: 'gstream', o: s.o.groupByKey(Grouped.with(S, SV)), vt: s.vt };
    }
    case 'groupBy': {
      const h = need(t, name, 'stream', 'table');
      const kf = keyFn(obj(op, 'key'));
      if (h.kind === 'stream') return { kind: 'gstream', o: h.o.groupBy((k, v) => kf(k, v), Grouped.with(S, SV)), vt: h.vt };
      return { kind: 'gtable', o: h.o.groupBy((k, v) => KeyValue.pair(kf(k, v), v), Grouped.with(S, SV)), vt: h.vt };
    }
    case 'windowedBy': {
      const h = need(t, name, 'gstream', 'cogrouped');
      const w = timeWindows(obj(op, 'windows'));
      if (h.kind === 'gstream') {
        if (w instanceof SessionWindows) return { kind: 'swstream', o: h.o.windowedBy(w), vt: h.vt };
        return { kind: 'twstream', o: h.o.windowedBy(w), vt: h.vt };
      }
      if (w instanceof SessionWindows) return { kind: 'swcogrouped', o: h.o.windowedBy(w), vt: h.vt };
      return { kind: 'twcogrouped', o: h.o.windowedBy(w), vt: h.vt };
    }
    case 'emitOnWindowClose': {
      const h = need(t, name, 'twstream', 'swstream');
      if (h.kind === 'twstream') return { ...h, o: h.o.emitStrategy(EmitStrategy.onWindowClose()) };
      return { ...h, o: h.o.emitStrategy(EmitStrategy.onWindowClose()) };
    }
    case 'cogroup': {
      const g = need(t, name, 'gstream');
      return { kind: 'cogrouped', o: g.o.cogroup<Value>(aggregator(str(op, 'concat'))), vt: 'String' };
    }
    case 'cogroupWith': {
      const c = need(t, name, 'cogrouped');
      const other = need(chain(b, ops(op, 'other')), 'cogroupWith(other)', 'gstream');
      return { ...c, o: c.o.cogroup(other.o, aggregator(str(op, 'concat'))) };
    }
    case 'count': {
      const h = need(t, name, 'gstream', 'gtable', 'twstream', 'swstream');
      switch (h.kind) {
        case 'gstream':
          return { kind: 'table', o: h.o.count() as KTable<Key, Value>, vt: 'Long' };
        case 'gtable':
          return { kind: 'table', o: h.o.count() as KTable<Key, Value>, vt: 'Long' };
        case 'twstream':
          return { kind: 'wtable', o: (retention(op) === undefined ? h.o.count() : h.o.count(windowStore<number>(op))) as KTable<WKey, Value>, vt: 'Long' };
        case 'swstream':
          return { kind: 'wtable', o: (retention(op) === undefined ? h.o.count() : h.o.count(windowStore<number>(op))) as KTable<WKey, Value>, vt: 'Long' };
      }
      break;
    }
    case 'reduce': {
      const h = need(t, name, 'gstream', 'gtable', 'twstream', 'swstream');
      if (h.kind === 'gtable') return { kind: 'table', o: h.o.reduce(concat(str(op, 'adder')), concat(str(op, 'subtractor'))), vt: 'String' };
      const r = concat(str(op, 'concat'));
      switch (h.kind) {
        case 'gstream':
          return { kind: 'table', o: h.o.reduce(r), vt: 'String' };
        case 'twstream':
          return { kind: 'wtable', o: retention(op) === undefined ? h.o.reduce(r) : h.o.reduce(r, windowStore<Value>(op)), vt: 'String' };
        case 'swstream':
          return { kind: 'wtable', o: retention(op) === undefined ? h.o.reduce(r) : h.o.reduce(r, windowStore<Value>(op)), vt: 'String' };
      }
      break;
    }
    case 'aggregate': {
      const h = need(t, name, 'gstream', 'gtable', 'twstream', 'swstream', 'cogrouped', 'twcogrouped', 'swcogrouped');
      const init = str(op, 'init');
      const i = (): Value => init;
      switch (h.kind) {
        case 'gtable':
          return { kind: 'table', o: h.o.aggregate<Value>(i, aggregator(str(op, 'adder')), aggregator(str(op, 'subtractor'))), vt: 'String' };
        case 'gstream':
          return { kind: 'table', o: h.o.aggregate<Value>(i, aggregator(str(op, 'concat'))), vt: 'String' };
        case 'twstream': {
          const a = aggregator(str(op, 'concat'));
          return { kind: 'wtable', o: retention(op) === undefined ? h.o.aggregate<Value>(i, a) : h.o.aggregate<Value>(i, a, windowStore<Value>(op)), vt: 'String' };
        }
        case 'swstream': {
          const a = aggregator(str(op, 'concat'));
          const m = merger(str(op, 'merge'));
          return { kind: 'wtable', o: retention(op) === undefined ? h.o.aggregate<Value>(i, a, m) : h.o.aggregate<Value>(i, a, m, windowStore<Value>(op)), vt: 'String' };
        }
        case 'cogrouped':
          return { kind: 'table', o: h.o.aggregate(i), vt: 'String' };
        case 'twcogrouped':
          return { kind: 'wtable', o: h.o.aggregate(i), vt: 'String' };
        case 'swcogrouped':
          return { kind: 'wtable', o: h.o.aggregate(i, merger(str(op, 'merge'))), vt: 'String' };
      }
      break;
    }
    case 'suppress': {
      if ('untilTimeLimit' in op) {
        const h = need(t, name, 'table', 'wtable');
        const max = 'maxRecords' in op ? num(op, 'maxRecords') : undefined;
        const buffer = max === undefined ? BufferConfig.unbounded() : op['shutDownWhenFull'] === true ? BufferConfig.maxRecords(max).shutDownWhenFull() : BufferConfig.maxRecords(max);
        if (h.kind === 'table') return { ...h, o: h.o.suppress(Suppressed.untilTimeLimit<Key>(num(op, 'untilTimeLimit'), buffer)) };
        return { ...h, o: h.o.suppress(Suppressed.untilTimeLimit<WKey>(num(op, 'untilTimeLimit'), buffer)) };
      }
      const h = need(t, name, 'wtable');
      const strict = 'maxRecords' in op ? BufferConfig.maxRecords(num(op, 'maxRecords')).shutDownWhenFull() : BufferConfig.unbounded();
      return { ...h, o: h.o.suppress(Suppressed.untilWindowCloses(strict) as Suppressed<WKey>) };
    }
    case 'toStream': {
      const h = need(t, name, 'table', 'wtable');
      if (h.kind === 'table') return { kind: 'stream', o: h.o.toStream(), vt: h.vt };
      const s = h.o.toStream().map((wk, v) => KeyValue.pair<Key, Value>(`${javaString(wk.key)}@${wk.window.start}/${wk.window.end}`, v));
      return { kind: 'stream', o: s, vt: h.vt };
    }
    case 'toTable': {
      const s = need(t, name, 'stream');
      return { kind: 'table', o: s.o.toTable(), vt: s.vt };
    }
    case 'join':
    case 'leftJoin':
    case 'outerJoin':
      return join(b, need(t, name, 'stream', 'table'), op);
    case 'to': {
      const s = need(t, name, 'stream');
      const vs = str(op, 'valueSerde');
      if (vs !== s.vt) throw new SpecError(`to: valueSerde ${vs} but values are ${s.vt}`);
      s.o.to(str(op, 'topic'), Produced.with(S, vs === 'Long' ? L : SV));
      return undefined;
    }
    default:
      throw new SpecError(`unknown op ${name}`);
  }
  throw new SpecError(`${name}: unreachable`);
}

function join(b: StreamsBuilder, t: Of<'stream' | 'table'>, op: SpecOp): Handle {
  const name = op.op as 'join' | 'leftJoin' | 'outerJoin';
  const other = chain(b, ops(op, 'other'));
  if (t.kind === 'stream') {
    const s = t.o;
    if (other?.kind === 'stream') {
      const jw = joinWindows(obj(op, 'windows'));
      const sj = StreamJoined.with<Key, Value, Value>(S, SV, SV);
      const o =
        name === 'join' ? s.join(other.o, joiner, jw, sj) : name === 'leftJoin' ? s.leftJoin(other.o, joiner, jw, sj) : s.outerJoin(other.o, joiner, jw, sj);
      return { kind: 'stream', o, vt: 'String' };
    }
    if (name === 'outerJoin') throw new SpecError('outerJoin of a stream needs a stream');
    if (other?.kind === 'global') {
      const kf = keyFn(obj(op, 'keySelector'));
      const ks = (k: Key, v: Value): Key => kf(k, v);
      return { kind: 'stream', o: name === 'join' ? s.join(other.o, ks, joiner) : s.leftJoin(other.o, ks, joiner), vt: 'String' };
    }
    const tb = need(other, `${name}(other)`, 'table');
    const jd = Joined.with<Key, Value, Value>(S, SV, SV);
    return { kind: 'stream', o: name === 'join' ? s.join(tb.o, joiner, jd) : s.leftJoin(tb.o, joiner, jd), vt: 'String' };
  }
  const tb = need(other, `${name}(other)`, 'table');
  if ('foreignKey' in op) {
    if (name === 'outerJoin') throw new SpecError('foreign-key outerJoin');
    const kf = keyFn(obj(op, 'foreignKey'));
    const fk = (v: Value): Key => kf(null, v);
    return { kind: 'table', o: name === 'join' ? t.o.join<Key, Value, Value>(tb.o, fk, joiner) : t.o.leftJoin<Key, Value, Value>(tb.o, fk, joiner), vt: 'String' };
  }
  const o = name === 'join' ? t.o.join(tb.o, joiner) : name === 'leftJoin' ? t.o.leftJoin(tb.o, joiner) : t.o.outerJoin(tb.o, joiner);
  return { kind: 'table', o, vt: 'String' };
}
