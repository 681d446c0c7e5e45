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
