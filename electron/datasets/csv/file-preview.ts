// A CSV file before it is imported: its first rows, and each column's type as the importer would decide it
// (the same ColumnProfile / decideFeatureKind / decideTask), profiled over the first PROFILE_ROWS rows.
import type { ImportFilePreview, PreviewColumn } from '../../../shared/api.js';
import { AUTO_DISTINCT_CAP, ColumnProfile, decideFeatureKind, decideTask } from './infer.js';
import { openTable, scanRows } from './table.js';

export const PROFILE_ROWS = 5000;

class Enough extends Error {}

export async function previewCsvFile(file: string, opts: { header?: boolean; delimiter?: string; rows?: number }): Promise<ImportFilePreview> {
  const t = await openTable(file, { header: opts.header, delimiter: opts.delimiter });
  const want = opts.rows ?? 10;
  const profiles = t.names.map(() => new ColumnProfile(AUTO_DISTINCT_CAP, t.parseNumber));
  const rows: string[][] = [];
  let scanned = 0;
  try {
    await scanRows(t, (fields, line) => {
      if (rows.length < want) rows.push(fields);
      fields.forEach((f, c) => profiles[c].add(f, line));
      if (++scanned >= PROFILE_ROWS) throw new Enough();
    });
  } catch (err) {
    if (!(err instanceof Enough)) throw err;
  }
  const columns: PreviewColumn[] = t.names.map((name, c) => {
    const p = profiles[c];
    let task: PreviewColumn['task'] = null;
    try {
      task = decideTask(p, undefined, { file, column: c + 1, name }).kind;
    } catch {
      task = null; // not usable as a task as it stands (one value, every value missing, too many labels)
    }
    return { name, kind: decideFeatureKind(p, name).kind, task };
  });
  return { path: file, header: t.header, delimiter: t.dialect.delimiter, columns, rows, rowsProfiled: scanned, complete: scanned < PROFILE_ROWS };
}
