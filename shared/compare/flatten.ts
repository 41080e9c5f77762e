// A run config as dotted paths -> leaf values, for diffs and seed grouping.
// Arrays of objects that all carry a string `id` (design nodes, edges) are keyed by id, not by index,
// so inserting a node does not shift every later path. Other arrays are leaves (compared whole).
export function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => isObject(v) && typeof v.id === 'string')) {
      for (const v of value as { id: string }[]) flatten(v, join(prefix, v.id), out);
    } else {
      out[prefix] = value;
    }
  } else if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && prefix) out[prefix] = value;
    for (const k of keys) if (value[k] !== undefined) flatten(value[k], join(prefix, k), out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON with sorted keys: equal values give equal strings. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
