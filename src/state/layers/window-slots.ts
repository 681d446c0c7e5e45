import { indexOfSorted } from '../../internal/sorted-insert.js';

/**
 * A window cache's windows, by start ascending, each with its entries by key identity.
 *
 * Two arrays rather than a Map keyed by start: windows come and go all the time, and a Map that keeps adding and
 * deleting keys leaves superseded hash tables behind that still name the values they held. Once such a table sits in
 * the old generation, each young window it names, and every entry of that window, survives the next scavenges and is
 * promoted although it is garbage. In a hopping-window count that was about 200 bytes promoted per record and a
 * fifth of the run spent in scavenges.
 */
export class WindowSlots<E> {
  readonly #starts: number[] = [];
  readonly #windows: Map<unknown, E>[] = [];

  get size(): number {
    return this.#starts.length;
  }

  /** The start of the oldest window, or undefined when there is none. */
  oldestStart(): number | undefined {
    return this.#starts[0];
  }

  get(start: number): Map<unknown, E> | undefined {
    const i = this.#indexOf(start);
    return i < 0 ? undefined : this.#windows[i];
  }

  /** The window at `start`, created (empty) if it does not exist. */
  getOrCreate(start: number): Map<unknown, E> {
    const starts = this.#starts;
    const i = this.#indexOf(start);
    if (i >= 0) return this.#windows[i] as Map<unknown, E>;
    const window = new Map<unknown, E>();
    let at = starts.length;
    while (at > 0 && (starts[at - 1] as number) > start) at--;
    starts.splice(at, 0, start);
    this.#windows.splice(at, 0, window);
    return window;
  }

  delete(start: number): void {
    const i = this.#indexOf(start);
    if (i < 0) return;
    if (i === 0) {
      this.#starts.shift();
      this.#windows.shift();
    } else {
      this.#starts.splice(i, 1);
      this.#windows.splice(i, 1);
    }
  }

  clear(): void {
    this.#starts.length = 0;
    this.#windows.length = 0;
  }

  /** [start, window] pairs, by start ascending. */
  *[Symbol.iterator](): IterableIterator<[number, Map<unknown, E>]> {
    for (let i = 0; i < this.#starts.length; i++) yield [this.#starts[i] as number, this.#windows[i] as Map<unknown, E>];
  }

  #indexOf(start: number): number {
    return indexOfSorted(this.#starts, 0, start);
  }
}
