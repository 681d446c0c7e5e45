import { requireFunction } from '../internal/assert.js';
import type { Branched } from './options.js';
import type { StreamState } from './handles.js';
import type { KStream } from './kstream.js';
import { splitProcessor } from './processors/split.js';
import { passThroughProcessor } from './processors/peek.js';

/**
 * The branches of `stream.split()` (Kafka Streams' BranchedKStream): each record goes to the first branch whose
 * predicate holds. Branch names are the split's name followed by the branch's name or its 1-based index
 * (`0` for the default branch), as in Kafka Streams.
 */
export class BranchedKStream<K, V> {
  readonly #s: StreamState<K, V>;
  readonly #splitterName: string;
  readonly #predicates: ((key: K, value: V) => boolean)[] = [];
  readonly #childNames: string[] = [];
  readonly #branches: Record<string, KStream<K, V>> = {};

  /** @internal Created by StreamsBuilder; use stream.split(). */
  constructor(state: StreamState<K, V>, splitterName: string) {
    this.#s = state;
    this.#splitterName = splitterName;
    const parent = state.name;
    const supplier = splitProcessor(this.#predicates, this.#childNames);
    state.graph.add((t) => t.addProcessor(splitterName, supplier, parent));
  }

  /** Adds a branch for records matching `predicate` (and no earlier branch). */
  branch(predicate: (key: K, value: V) => boolean, branched?: Branched<K, V>): BranchedKStream<K, V> {
    requireFunction('predicate', predicate);
    this.#predicates.push(predicate);
    this.#createBranch(branched, this.#predicates.length);
    return this;
  }

  /** Adds a branch for every record no predicate matched, and returns the branches by name. */
  defaultBranch(branched?: Branched<K, V>): Record<string, KStream<K, V>> {
    this.#createBranch(branched, 0);
    return { ...this.#branches };
  }

  /** Returns the branches by name; records no predicate matched are dropped. */
  noDefaultBranch(): Record<string, KStream<K, V>> {
    return { ...this.#branches };
  }

  #createBranch(branched: Branched<K, V> | undefined, index: number): void {
    const g = this.#s.graph;
    const childName = this.#splitterName + (branched?.name ?? String(index));
    this.#childNames.push(childName);
    g.newProcessorName(childName); // Kafka burns a counter value per branch
    const splitter = this.#splitterName;
    g.add((t) => t.addProcessor(childName, passThroughProcessor(), splitter));
    const stream = g.handles().stream<K, V>({ ...this.#s, name: childName });
    if (branched?.chain !== undefined) {
      const result = (branched.chain as (s: KStream<K, V>) => unknown)(stream);
      if (result !== undefined && result !== null) this.#branches[childName] = result as KStream<K, V>;
    } else {
      this.#branches[childName] = stream;
    }
  }
}
