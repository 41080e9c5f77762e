// What a CSV value means: missing markers and numbers.

/** Values that mean "no value": empty, '?', 'NA' and a few common spellings. */
export const MISSING = new Set(['', '?', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL']);

export function trimValue(v: string): string {
  const n = v.length;
  if (n === 0) return v;
  const a = v.charCodeAt(0), b = v.charCodeAt(n - 1);
  return a === 32 || a === 9 || b === 32 || b === 9 || a === 0xa0 || b === 0xa0 ? v.trim() : v;
}

/** For an already trimmed value. The longest marker has 4 characters: most values skip the lookup. */
export function isMissingTrimmed(t: string): boolean {
  return t.length <= 4 && MISSING.has(t);
}

export function isMissing(v: string): boolean {
  return isMissingTrimmed(trimValue(v));
}

/** A finite number in plain decimal or exponent notation; null otherwise (no hex, no 'Infinity'). */
export function parseNumber(v: string): number | null {
  return parseTrimmedNumber(trimValue(v));
}

/** parseNumber for an already trimmed value. */
export function parseTrimmedNumber(t: string): number | null {
  if (t.length === 0) return null;
  const c = t.charCodeAt(0);
  // digits, '+', '-', '.'
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return null;
  if (t.length > 1 && c === 48) {
    const x = t.charCodeAt(1) | 32;
    if (x === 120 || x === 98 || x === 111) return null; // 0x 0b 0o
  }
  const n = +t;
  return Number.isFinite(n) ? n : null;
}

/** For files whose delimiter is not a comma and whose numbers use a decimal comma (1,5). */
export function parseNumberDecimalComma(v: string): number | null {
  const t = trimValue(v);
  const i = t.indexOf(',');
  if (i === -1) return parseNumber(t);
  if (t.indexOf(',', i + 1) !== -1 || t.indexOf('.') !== -1) return null;
  return parseNumber(t.slice(0, i) + '.' + t.slice(i + 1));
}

export type NumberParser = (v: string) => number | null;

const DECIMAL_COMMA = /^[+-]?\d*,\d+$/;

/** A decimal comma is assumed when the delimiter is not ',' and some sampled values look like 1,5. */
export function usesDecimalComma(delimiter: string, rows: string[][]): boolean {
  if (delimiter === ',') return false;
  let comma = 0, point = 0;
  for (const r of rows) for (const f of r) {
    const t = trimValue(f);
    if (DECIMAL_COMMA.test(t)) comma++;
    else if (/^[+-]?\d*\.\d+$/.test(t)) point++;
  }
  return comma > 0 && comma >= point;
}
