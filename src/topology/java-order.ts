/**
 * Emulation of the iteration order of the few `java.util` collections that
 * Kafka Streams' `TopologyDescription` relies on, so that descriptions can be
 * printed byte-identically to the JVM.
 *
 * - {@link JavaHashSet}: `java.util.HashSet` / `HashMap` key order for string
 *   keys (bucket order of the spread `String.hashCode()`, ties in insertion
 *   order, growth from 16 doubling at a 0.75 load factor, including the
 *   "resize instead of treeify" rule for small tables).
 * - {@link QuickUnion}: Kafka's node grouper (union-find).
 * - {@link JavaTreeSet}: `java.util.TreeSet` backed by a `TreeMap`
 *   red-black tree whose comparator may read mutable state, so the in-order
 *   sequence reflects comparisons made at insertion time.
 *
 * @module
 */

/** Java's `String.hashCode()` over UTF-16 code units (32-bit signed). */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) {
    h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  }
  return h;
}

/** `HashMap.hash(key)`: the hash code with its high half folded into the low half. */
export function javaSpreadHash(s: string): number {
  const h = javaStringHash(s);
  return h ^ (h >>> 16);
}

/** Java's `String.compareTo` (UTF-16 code unit order, then length). */
export function javaCompareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

const DEFAULT_CAPACITY = 16;
const MAX_CAPACITY = 1 << 30;
const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

/** `HashMap.tableSizeFor`: the smallest power of two >= `cap` (at least 1). */
function tableSizeFor(cap: number): number {
  let n = 1;
  while (n < cap && n < MAX_CAPACITY) n *= 2;
  return n;
}

/**
 * A `java.util.HashSet<String>` whose iteration order matches the JVM's.
 *
 * Within one bucket, entries stay in insertion order (appends go to the chain
 * tail and `resize()` splits chains preserving relative order), so the
 * iteration order is: bucket index at the current capacity, then insertion
 * order. Treeified bins (a chain of 9+ keys in a table of 64+ buckets) are not
 * emulated; such bins keep list order here.
 */
export class JavaHashSet implements Iterable<string> {
  private readonly entries: Array<{ key: string; hash: number }> = [];
  private capacity: number;

  /**
   * @param initialCapacity - the `HashMap(int)` constructor argument; omit
   *   for the no-argument constructor (capacity 16).
   */
  constructor(initialCapacity?: number) {
    this.capacity = initialCapacity === undefined ? DEFAULT_CAPACITY : tableSizeFor(initialCapacity);
  }

  /**
   * `new HashSet<>(collection)` as in JDK 17:
   * `new HashMap<>(Math.max((int) (size / .75f) + 1, 16))`, then `addAll`
   * in the collection's iteration order.
   */
  static copyOf(items: Iterable<string>): JavaHashSet {
    const list = [...items];
    const wanted = Math.trunc(Math.fround(list.length / 0.75)) + 1;
    const set = new JavaHashSet(Math.max(wanted, DEFAULT_CAPACITY));
    for (const item of list) set.add(item);
    return set;
  }

  /** Number of elements. */
  get size(): number {
    return this.entries.length;
  }

  /** `Set.contains`. */
  has(key: string): boolean {
    return this.entries.some((e) => e.key === key);
  }

  /** `Set.add`; returns false when the key was already present. */
  add(key: string): boolean {
    if (this.has(key)) return false;
    const hash = javaSpreadHash(key);
    const mask = this.capacity - 1;
    const chain = this.entries.filter((e) => (e.hash & mask) === (hash & mask)).length;
    this.entries.push({ key, hash });
    // putVal: appending to a chain that already held TREEIFY_THRESHOLD nodes
    // calls treeifyBin, which resizes instead while the table is small.
    if (chain >= TREEIFY_THRESHOLD && this.capacity < MIN_TREEIFY_CAPACITY) this.grow();
    if (this.entries.length > this.capacity * 0.75) this.grow();
    return true;
  }

  /** `Iterator.remove` / `Set.remove`. */
  delete(key: string): boolean {
    const i = this.entries.findIndex((e) => e.key === key);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    return true;
  }

  /** Elements in JVM iteration order. */
  toArray(): string[] {
    const mask = this.capacity - 1;
    return this.entries
      .map((e, i) => ({ key: e.key, bucket: e.hash & mask, i }))
      .sort((a, b) => a.bucket - b.bucket || a.i - b.i)
      .map((e) => e.key);
  }

  /** Iterates in JVM order. */
  [Symbol.iterator](): Iterator<string> {
    return this.toArray()[Symbol.iterator]();
  }

  /** `AbstractCollection.toString()`: `[a, b]`. */
  toString(): string {
    return `[${this.toArray().join(', ')}]`;
  }

  private grow(): void {
    if (this.capacity < MAX_CAPACITY) this.capacity *= 2;
  }
}

interface TreeEntry<T> {
  key: T;
  left: TreeEntry<T> | null;
  right: TreeEntry<T> | null;
  parent: TreeEntry<T> | null;
  red: boolean;
}

/**
 * A `java.util.TreeSet` (red-black `TreeMap`) that compares at insertion time
 * with a comparator that may depend on mutable state, then iterates the tree
 * in order. If the ordering changes after insertion, the iteration order is
 * the one the JVM would show, not a fresh sort.
 */
export class JavaTreeSet<T> implements Iterable<T> {
  private root: TreeEntry<T> | null = null;
  private count = 0;

  /** @param compare - the `Comparator`, evaluated at insertion time. */
  constructor(private readonly compare: (a: T, b: T) => number) {}

  /** Number of elements. */
  get size(): number {
    return this.count;
  }

  /** `TreeSet.add` (`TreeMap.put`); returns false if the comparator found an equal key. */
  add(key: T): boolean {
    let t = this.root;
    if (t === null) {
      this.compare(key, key);
      this.root = { key, left: null, right: null, parent: null, red: false };
      this.count = 1;
      return true;
    }
    let parent: TreeEntry<T> = t;
    let cmp = 0;
    while (t !== null) {
      parent = t;
      cmp = this.compare(key, t.key);
      if (cmp < 0) t = t.left;
      else if (cmp > 0) t = t.right;
      else return false;
    }
    const e: TreeEntry<T> = { key, left: null, right: null, parent, red: false };
    if (cmp < 0) parent.left = e;
    else parent.right = e;
    this.fixAfterInsertion(e);
    this.count++;
    return true;
  }

  /** Elements in in-order (iteration) order. */
  toArray(): T[] {
    const out: T[] = [];
    const walk = (n: TreeEntry<T> | null): void => {
      if (n === null) return;
      walk(n.left);
      out.push(n.key);
      walk(n.right);
    };
    walk(this.root);
    return out;
  }

  /** Iterates in order. */
  [Symbol.iterator](): Iterator<T> {
    return this.toArray()[Symbol.iterator]();
  }

  private fixAfterInsertion(inserted: TreeEntry<T>): void {
    let x: TreeEntry<T> | null = inserted;
    x.red = true;
    while (x !== null && x !== this.root && isRed(x.parent)) {
      const p: TreeEntry<T> | null = x.parent;
      const g: TreeEntry<T> | null = parentOf(p);
      if (p === leftOf(g)) {
        const y = rightOf(g);
        if (isRed(y)) {
          setRed(p, false);
          setRed(y, false);
          setRed(g, true);
          x = g;
        } else {
          if (x === rightOf(x.parent)) {
            x = x.parent;
            this.rotateLeft(x);
          }
          setRed(parentOf(x), false);
          setRed(parentOf(parentOf(x)), true);
          this.rotateRight(parentOf(parentOf(x)));
        }
      } else {
        const y = leftOf(g);
        if (isRed(y)) {
          setRed(p, false);
          setRed(y, false);
          setRed(g, true);
          x = g;
        } else {
          if (x === leftOf(x.parent)) {
            x = x.parent;
            this.rotateRight(x);
          }
          setRed(parentOf(x), false);
          setRed(parentOf(parentOf(x)), true);
          this.rotateLeft(parentOf(parentOf(x)));
        }
      }
    }
    if (this.root !== null) this.root.red = false;
  }

  private rotateLeft(p: TreeEntry<T> | null): void {
    if (p === null) return;
    const r = p.right;
    if (r === null) return;
    p.right = r.left;
    if (r.left !== null) r.left.parent = p;
    r.parent = p.parent;
    if (p.parent === null) this.root = r;
    else if (p.parent.left === p) p.parent.left = r;
    else p.parent.right = r;
    r.left = p;
    p.parent = r;
  }

  private rotateRight(p: TreeEntry<T> | null): void {
    if (p === null) return;
    const l = p.left;
    if (l === null) return;
    p.left = l.right;
    if (l.right !== null) l.right.parent = p;
    l.parent = p.parent;
    if (p.parent === null) this.root = l;
    else if (p.parent.right === p) p.parent.right = l;
    else p.parent.left = l;
    l.right = p;
    p.parent = l;
  }
}

function isRed<T>(n: TreeEntry<T> | null): boolean {
  return n !== null && n.red;
}
function setRed<T>(n: TreeEntry<T> | null, red: boolean): void {
  if (n !== null) n.red = red;
}
function parentOf<T>(n: TreeEntry<T> | null): TreeEntry<T> | null {
  return n === null ? null : n.parent;
}
function leftOf<T>(n: TreeEntry<T> | null): TreeEntry<T> | null {
  return n === null ? null : n.left;
}
function rightOf<T>(n: TreeEntry<T> | null): TreeEntry<T> | null {
  return n === null ? null : n.right;
}

/**
 * Union-find with path splitting over node names (the behaviour of Kafka's
 * `QuickUnion<String>` node grouper).
 */
export class QuickUnion {
  private readonly ids = new Map<string, string>();
  /** Registers `id` as its own root. */
  add(id: string): void {
    this.ids.set(id, id);
  }
  /** The root of `id`'s set, splitting the path on the way. */
  root(id: string): string {
    let current = id;
    let parent = this.ids.get(current);
    if (parent === undefined) throw new Error(`Unknown node: ${id}`);
    while (parent !== current) {
      const grandparent: string = this.ids.get(parent) ?? parent;
      this.ids.set(current, grandparent);
      current = parent;
      parent = grandparent;
    }
    return current;
  }
  /** Links the root of `a` under the root of `b`. */
  unite(a: string, b: string): void {
    const ra = this.root(a);
    const rb = this.root(b);
    if (ra !== rb) this.ids.set(ra, rb);
  }
}
