// A CSV file as a table: dialect, header, column names (renamable), and a row scan that skips the
// header and rejects ragged rows with the line and column.
import { DatasetError } from '../errors.js';
import { longRowError, MAX_ROW_CHARS, openText, parseFile, parseText, type TextSource } from './parse.js';
import { detectDialect, detectHeader, type Dialect } from './sniff.js';
import { parseNumber, parseNumberDecimalComma, usesDecimalComma, type NumberParser } from './values.js';

export interface TableOptions {
  header?: boolean;
  delimiter?: string;
  columnNames?: Record<string, string>;
}

export interface Table {
  file: string;
  src: TextSource;
  dialect: Dialect;
  header: boolean;
  /** Final column names (after renames). */
  names: string[];
  /** Names as in the file (or col1..colN). */
  originalNames: string[];
  /** Line of the header row (or of the first row). */
  firstLine: number;
  /** Numbers written with a decimal comma (a ';'- or tab-separated file). */
  decimalComma: boolean;
  parseNumber: NumberParser;
}

function uniqueNames(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((r, i) => {
    let name = r.trim() || `col${i + 1}`;
    const k = seen.get(name) ?? 0;
    seen.set(name, k + 1);
    if (k > 0) {
      let j = k + 1;
      while (seen.has(`${name}_${j}`)) j++;
      name = `${name}_${j}`;
      seen.set(name, 1);
    }
    return name;
  });
}

export async function openTable(file: string, opts: TableOptions): Promise<Table> {
  // A larger sample when the first rows are very long (e.g. a column of long texts).
  let src = await openText(file);
  let dialect = detectDialect(src, opts.delimiter);
  let rows = parseText(src.sample, dialect.delimiter, dialect.quote, 200, src.complete, file);
  for (const bytes of [1 << 20, MAX_ROW_CHARS]) {
    if (rows.length >= 2 || src.complete) break;
    src = await openText(file, bytes);
    dialect = detectDialect(src, opts.delimiter);
    rows = parseText(src.sample, dialect.delimiter, dialect.quote, 200, src.complete, file);
  }
  if (!rows.length) {
    if (!src.complete) throw longRowError(src.sample, dialect.quote, file, 1);
    throw new DatasetError('empty file (no rows)', { file });
  }
  const header = opts.header ?? detectHeader(rows.map((r) => r.fields));
  const first = rows[0].fields;
  const originalNames = header ? uniqueNames(first) : first.map((_, i) => `col${i + 1}`);
  const names = [...originalNames];
  const renames = opts.columnNames ?? {};
  for (const [from, to] of Object.entries(renames)) {
    if (typeof to !== 'string' || !to.trim()) throw new DatasetError(`columnNames: the new name for ${JSON.stringify(from)} must be a non-empty string`, { file });
    let i = originalNames.indexOf(from);
    if (i === -1) {
      const m = /^col(\d+)$/.exec(from);
      if (m && +m[1] >= 1 && +m[1] <= names.length) i = +m[1] - 1;
    }
    if (i === -1) throw new DatasetError(`columnNames: no column ${JSON.stringify(from)} (columns: ${originalNames.join(', ')})`, { file });
    names[i] = to.trim();
  }
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new DatasetError(`two columns are named ${JSON.stringify(dup)} after renaming`, { file });
  const decimalComma = usesDecimalComma(dialect.delimiter, rows.map((r) => r.fields));
  return {
    file, src, dialect, header, names, originalNames, firstLine: rows[0].line,
    decimalComma, parseNumber: decimalComma ? parseNumberDecimalComma : parseNumber,
  };
}

/** Index of a column by its final name, its original name, or colN; -1 if none. */
export function columnIndex(t: Table, name: string): number {
  let i = t.names.indexOf(name);
  if (i === -1) i = t.originalNames.indexOf(name);
  if (i === -1) {
    const m = /^col(\d+)$/.exec(name);
    if (m && +m[1] >= 1 && +m[1] <= t.names.length) i = +m[1] - 1;
  }
  return i;
}

export function requireColumn(t: Table, name: string, what: string): number {
  const i = columnIndex(t, name);
  if (i === -1) {
    throw new DatasetError(`unknown ${what} column ${JSON.stringify(name)}; the columns are ${t.names.map((n) => JSON.stringify(n)).join(', ')}`, { file: t.file });
  }
  return i;
}

/** Streams the data rows (header skipped); every row must have as many fields as the first. */
export async function scanRows(t: Table, onRow: (fields: string[], line: number) => void, onBytes?: (bytes: number) => void): Promise<number> {
  const ncols = t.names.length;
  let skipHeader = t.header;
  let rows = 0;
  await parseFile(t.src, {
    delimiter: t.dialect.delimiter,
    quote: t.dialect.quote,
    onBytes,
    onRow(fields, line) {
      if (fields.length !== ncols) {
        const more = fields.length > ncols;
        throw new DatasetError(
          `ragged row: ${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${ncols} as in line ${t.firstLine}`,
          { file: t.file, line, column: more ? ncols + 1 : fields.length + 1, columnName: more ? undefined : t.names[fields.length] },
        );
      }
      if (skipHeader) {
        skipHeader = false;
        return;
      }
      rows++;
      onRow(fields, line);
    },
  });
  return rows;
}
