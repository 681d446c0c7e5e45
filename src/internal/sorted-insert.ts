/**
 * Inserts `item` at window start `start` into parallel arrays kept in (start, insertion) order: after every entry
 * at or before `start`, searching from the end (writes come mostly in time order, so usually an append). Entries
 * before index `from` are not looked at (a caller's expired head).
 */
export function insertByStart<T>(starts: number[], items: T[], start: number, item: T, from = 0): void {
  let i = starts.length;
  while (i > from && (starts[i - 1] as number) > start) i--;
  if (i === starts.length) {
    starts.push(start);
    items.push(item);
  } else {
    starts.splice(i, 0, start);
    items.splice(i, 0, item);
  }
}

/**
 * The index of `value` in `values[from..]`, ascending and without repeats, or -1: the last element first (the
 * newest window start, where most lookups go), else a binary search.
 */
export function indexOfSorted(values: readonly number[], from: number, value: number): number {
  let hi = values.length - 1;
  if (hi < from) return -1;
  if (values[hi] === value) return hi;
  let lo = from;
  hi--;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = values[mid] as number;
    if (at === value) return mid;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
