/**
 * Key equality for grouping decisions, standing in for Java's `equals`: identical primitives, equal bytes,
 * or structurally equal plain objects (compared by their JSON form).
 */
export function keysEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}
