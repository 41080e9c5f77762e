// Seeds for initializers and random streams: one per (run seed, node id, role), so the same run seed gives
// the same initial weights on every backend, and adding a node does not change the others' weights.

/** FNV-1a over the text, folded into a positive 31-bit integer (tfjs seeds random streams from a number). */
export function deriveSeed(runSeed: number, nodeId: string, role: string): number {
  const text = `${runSeed}|${nodeId}|${role}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // One more avalanche round so that nearby strings give far-apart seeds.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) % 2147483647 || 1;
}

const VALID = /^[A-Za-z0-9][-A-Za-z0-9._/]*$/;

/** A tfjs-valid name (letters, digits, - . _ /, not starting with a symbol) for a node id. */
export function safeName(id: string): string {
  let s = id.replace(/[^-A-Za-z0-9._]/g, '_');
  if (!/^[A-Za-z0-9]/.test(s)) s = 'n' + s;
  return VALID.test(s) ? s : 'node';
}
