// Dialect and header detection on the first rows of a CSV file.
import { DatasetError } from '../errors.js';
import { parseText, type TextSource } from './parse.js';
import { isMissing, parseNumber } from './values.js';

export const DELIMITERS = [',', '\t', ';', '|'];
const SNIFF_ROWS = 200;

export interface Dialect {
  delimiter: string;
  quote: string;
}

function modal(counts: number[]): { value: number; freq: number } {
  const m = new Map<number, number>();
  for (const c of counts) m.set(c, (m.get(c) ?? 0) + 1);
  let value = 0, freq = 0;
  for (const [v, f] of m) if (f > freq || (f === freq && v > value)) { value = v; freq = f; }
  return { value, freq };
}

export function detectDialect(src: TextSource, delimiterOverride?: string): Dialect {
  const text = src.sample;
  const final = src.complete;
  let quote = '"';
  if (delimiterOverride !== undefined) {
    if (delimiterOverride === '\\t' || delimiterOverride.toLowerCase() === 'tab') delimiterOverride = '\t';
    if (delimiterOverride.length !== 1) throw new DatasetError(`delimiter must be one character, got ${JSON.stringify(delimiterOverride)}`, { file: src.file });
  }
  let best: { delimiter: string; score: number; fields: number } | null = null;
  const candidates = delimiterOverride !== undefined ? [delimiterOverride] : DELIMITERS;
  for (const d of candidates) {
    let rows;
    try {
      rows = parseText(text, d, quote, SNIFF_ROWS, final, src.file);
    } catch {
      continue;
    }
    if (!rows.length) continue;
    const { value, freq } = modal(rows.map((r) => r.fields.length));
    const score = value > 1 ? freq / rows.length : 0;
    if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) < 1e-9 && value > best.fields && score > 0)) {
      best = { delimiter: d, score, fields: value };
    }
  }
  const delimiter = best && best.score > 0 ? best.delimiter : delimiterOverride ?? ',';
  // Single quotes as the quote character only when there are no double quotes and fields look 'quoted'.
  if (text.indexOf('"') === -1 && text.indexOf("'") !== -1) {
    const rows = parseText(text, delimiter, '"', SNIFF_ROWS, final, src.file);
    let quotedFields = 0, fields = 0;
    for (const r of rows) for (const f of r.fields) {
      fields++;
      const t = f.trim();
      if (t.length >= 2 && t[0] === "'" && t[t.length - 1] === "'") quotedFields++;
    }
    if (quotedFields > 0 && quotedFields >= rows.length * 0.5 && fields > 0) quote = "'";
  }
  return { delimiter, quote };
}

/**
 * The first row is a header when some column is numeric below it but not in it, or when every
 * first-row value is a distinct non-numeric string that never appears again in its column.
 */
export function detectHeader(rows: string[][]): boolean {
  if (rows.length === 0) return false;
  const first = rows[0];
  const rest = rows.slice(1);
  if (rest.length === 0) {
    // A single row: a header if nothing in it is numeric.
    return first.every((v) => !isMissing(v) && parseNumber(v) === null);
  }
  for (let c = 0; c < first.length; c++) {
    const head = first[c];
    if (isMissing(head) || parseNumber(head) !== null) continue;
    const below = rest.map((r) => r[c]).filter((v) => v !== undefined && !isMissing(v));
    if (below.length > 0 && below.every((v) => parseNumber(v) !== null)) return true;
  }
  const trimmed = first.map((v) => v.trim());
  if (trimmed.some((v) => v === '' || parseNumber(v) !== null || isMissing(v))) return false;
  if (new Set(trimmed).size !== trimmed.length) return false;
  for (let c = 0; c < trimmed.length; c++) {
    if (rest.some((r) => r[c] !== undefined && r[c].trim() === trimmed[c])) return false;
  }
  return true;
}
