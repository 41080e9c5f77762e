// CSV import: numeric columns standardised and categorical columns one-hot in one vector feature
// `features`; each categorical column also as a categorical feature (for embeddings) and each text
// column as a token sequence. Any columns can be tasks; a missing label stays as NaN (masked).
// Two streaming passes: the first profiles the columns, the second converts.
import * as path from 'node:path';
import type { FeatureSpec, FeatureStats, TaskKind, TaskSpec } from '../../../shared/dataset.js';
import { DatasetError } from '../errors.js';
import { AUTO_DISTINCT_CAP, ColumnProfile, decideFeatureKind, decideTask, FORCED_DISTINCT_CAP, parseTaskKind, sortedValues, type ColumnKind, type TaskDecision } from '../csv/infer.js';
import { openTable, requireColumn, scanRows, type Table } from '../csv/table.js';
import { isMissingTrimmed, trimValue } from '../csv/values.js';
import { randomSplits } from '../splits.js';
import { categoryCounts, meanStd } from '../stats.js';
import { encodeTokens, tokenize, VocabularyBuilder } from '../text.js';
import { z } from 'zod';
import { csvOptionsSchema, type CsvOptions } from '../../../shared/schemas/dataset.js';
import { recordable } from './options.js';
import type { BuiltDataset, BuiltFeature, DatasetSource, SourceContext } from './types.js';

/** Categorical columns with more categories than this enter the vector only as their own feature. */
export const MAX_ONE_HOT = 50;
const PREVIEW_ROWS = 50;
const CHUNK_ROWS = 4096;


export interface TaskRequest {
  column: number;
  declared?: TaskKind | 'classification';
  raw: string;
}

/** 'col' or 'col:regression' (the suffix only when it names a task kind, so 'a:b' can be a column). */
export function parseTaskRequests(t: Table, tasks: unknown): TaskRequest[] {
  if (!Array.isArray(tasks) || tasks.length === 0 || tasks.some((x) => typeof x !== 'string' || !x.trim())) {
    throw new DatasetError('tasks must name at least one column (e.g. ["label"] or ["price:regression"])', { file: t.file });
  }
  const out: TaskRequest[] = [];
  for (const raw of tasks as string[]) {
    let name = raw.trim();
    let declared: TaskRequest['declared'];
    const colon = name.lastIndexOf(':');
    if (colon > 0) {
      const kind = parseTaskKind(name.slice(colon + 1).trim());
      if (kind) {
        declared = kind;
        name = name.slice(0, colon).trim();
      } else if (requireColumnOrNull(t, name) === -1) {
        throw new DatasetError(`unknown task type ${JSON.stringify(name.slice(colon + 1))} in ${JSON.stringify(raw)}; use regression, binary, multiclass or classification`, { file: t.file });
      }
    }
    const column = requireColumn(t, name, 'task');
    if (out.some((o) => o.column === column)) throw new DatasetError(`task column ${JSON.stringify(name)} given twice`, { file: t.file });
    out.push({ column, declared, raw });
  }
  return out;
}

function requireColumnOrNull(t: Table, name: string): number {
  try { return requireColumn(t, name, 'task'); } catch { return -1; }
}

function uniqueFeatureName(name: string, taken: Set<string>): string {
  let n = name;
  for (let i = 2; taken.has(n); i++) n = `${name}_${i}`;
  taken.add(n);
  return n;
}

/** Options as csvOptionsSchema (shared/schemas/dataset.ts) has checked them. */
export async function importCsv(options: CsvOptions, seed: number, ctx: SourceContext): Promise<BuiltDataset> {
  const file = path.resolve(options.path);
  const columnTypes = options.columnTypes ?? {};
  const columnNames = options.columnNames ?? {};
  const t = await openTable(file, { header: options.header, delimiter: options.delimiter, columnNames });
  const ncols = t.names.length;
  const tasks = parseTaskRequests(t, options.tasks);
  const isTask = new Int32Array(ncols).fill(-1);
  tasks.forEach((tk, i) => { isTask[tk.column] = i; });

  const forced: (ColumnKind | undefined)[] = new Array(ncols).fill(undefined);
  for (const [name, kind] of Object.entries(columnTypes)) {
    const c = requireColumn(t, name, 'columnTypes');
    if (isTask[c] >= 0) throw new DatasetError(`columnTypes: ${JSON.stringify(name)} is a task column; give a task type as "${name}:regression" instead`, { file });
    forced[c] = kind as ColumnKind;
  }
  const vocabSize = options.vocabSize ?? 10_000;
  const maxLengthOpt = options.maxLength;
  const validation = options.validation ?? 0.1;
  const testFraction = options.test ?? 0.1;
  if (validation + testFraction >= 1) throw new DatasetError('validation + test must leave rows for training', { file });

  // Pass 1: profile every column that is used.
  const profiles: (ColumnProfile | null)[] = t.names.map((_, c) =>
    forced[c] === 'ignore' ? null : new ColumnProfile(isTask[c] >= 0 || forced[c] === 'categorical' || forced[c] === 'text' ? FORCED_DISTINCT_CAP : AUTO_DISTINCT_CAP, t.parseNumber));
  const active = profiles.map((p, c) => (p ? c : -1)).filter((c) => c >= 0);
  const preview: string[][] = [];
  const bytesTotal = t.src.bytes;
  const rows = await scanRows(t, (fields, line) => {
    for (let k = 0; k < active.length; k++) {
      const c = active[k];
      profiles[c]!.add(fields[c], line);
    }
    if (preview.length < PREVIEW_ROWS) preview.push(fields.map(trimValue));
  }, (b) => ctx.onProgress({ phase: 'scan', done: b, total: bytesTotal }));
  if (rows === 0) throw new DatasetError(t.header ? 'no data rows (only a header)' : 'no data rows', { file });

  // Decisions.
  const notes: string[] = [];
  const kinds: ColumnKind[] = t.names.map((name, c) => {
    if (isTask[c] >= 0) return 'ignore';
    const p = profiles[c];
    if (!p) return 'ignore';
    const f = forced[c];
    if (f === 'numeric' && !p.allNumeric && p.firstNonNumeric) {
      throw new DatasetError(`declared numeric, but it holds ${JSON.stringify(p.firstNonNumeric.value)}`, { file, line: p.firstNonNumeric.line, column: c + 1, columnName: name });
    }
    if (f) return f;
    const d = decideFeatureKind(p, name);
    if (d.note) notes.push(d.note);
    return d.kind;
  });
  const taskDecisions: TaskDecision[] = tasks.map((tk) =>
    decideTask(profiles[tk.column]!, tk.declared, { file, column: tk.column + 1, name: t.names[tk.column] }));
  if (!kinds.some((k) => k !== 'ignore')) {
    throw new DatasetError('no feature columns: every column is a task or ignored', { file });
  }

  const splits = randomSplits(rows, seed, { validation, test: testFraction });
  const isTrain = new Uint8Array(rows);
  for (const r of splits.train) isTrain[r] = 1;

  // Pass 2: convert.
  const numeric: (Float32Array | null)[] = kinds.map((k) => (k === 'numeric' ? new Float32Array(rows) : null));
  const categories: (string[] | null)[] = kinds.map((k, c) => (k === 'categorical' ? sortedValues(profiles[c]!.distinct.keys(), t.parseNumber) : null));
  const catIndex: (Map<string, number> | null)[] = categories.map((cats) => (cats ? new Map(cats.map((v, i) => [v, i])) : null));
  const codes: (Int32Array | null)[] = kinds.map((k) => (k === 'categorical' ? new Int32Array(rows) : null));
  const texts: (string[] | null)[] = kinds.map((k) => (k === 'text' ? new Array<string>(rows) : null));
  const vocabs: (VocabularyBuilder | null)[] = kinds.map((k) => (k === 'text' ? new VocabularyBuilder() : null));
  const labels = tasks.map(() => new Float32Array(rows));
  const labelMaps = taskDecisions.map((d) => {
    if (d.kind === 'regression') return null;
    if (d.classValues) return new Map<string | number, number>(d.classValues.map((v, i) => [v, i]));
    return new Map<string | number, number>(d.classes!.map((v, i) => [v, i]));
  });
  const numCols = kinds.map((k, c) => (k === 'numeric' ? c : -1)).filter((c) => c >= 0);
  const catCols = kinds.map((k, c) => (k === 'categorical' ? c : -1)).filter((c) => c >= 0);
  const textCols = kinds.map((k, c) => (k === 'text' ? c : -1)).filter((c) => c >= 0);
  const parseNumber = t.parseNumber;
  let r = 0;
  const rows2 = await scanRows(t, (fields, line) => {
    if (r >= rows) throw new DatasetError('the file grew while it was being imported', { file, line });
    for (let k = 0; k < numCols.length; k++) {
      const c = numCols[k];
      const n = parseNumber(fields[c]);
      numeric[c]![r] = n === null ? NaN : n;
    }
    for (let k = 0; k < catCols.length; k++) {
      const c = catCols[k];
      const v = trimValue(fields[c]);
      codes[c]![r] = isMissingTrimmed(v) ? -1 : catIndex[c]!.get(v) ?? categories[c]!.length;
    }
    for (let k = 0; k < textCols.length; k++) {
      const c = textCols[k];
      const v = trimValue(fields[c]);
      const s = isMissingTrimmed(v) ? '' : v;
      texts[c]![r] = s;
      if (isTrain[r]) vocabs[c]!.add(tokenize(s));
    }
    for (let ti = 0; ti < tasks.length; ti++) {
      const c = tasks[ti].column;
      const v = trimValue(fields[c]);
      if (isMissingTrimmed(v)) {
        labels[ti][r] = NaN;
        continue;
      }
      const map = labelMaps[ti];
      if (!map) {
        const n = parseNumber(v);
        if (n === null) throw new DatasetError(`a regression task needs numbers, found ${JSON.stringify(v)}`, { file, line, column: c + 1, columnName: t.names[c] });
        labels[ti][r] = n;
      } else {
        const key = taskDecisions[ti].classValues ? parseNumber(v) : v;
        const idx = key === null ? undefined : map.get(key);
        if (idx === undefined) throw new DatasetError(`label ${JSON.stringify(v)} was not seen in the first pass (did the file change?)`, { file, line, column: c + 1, columnName: t.names[c] });
        labels[ti][r] = idx;
      }
    }
    r++;
  }, (b) => ctx.onProgress({ phase: 'convert', done: b, total: bytesTotal }));
  if (rows2 !== rows) throw new DatasetError(`the file changed while it was being imported (${rows} rows, then ${rows2})`, { file });

  // Statistics on the training split; the vector feature.
  const stats: FeatureStats[] = [];
  const norm = new Map<number, { mean: number; std: number }>();
  for (const c of numCols) {
    const { mean, std } = meanStd(numeric[c]!, splits.train);
    norm.set(c, { mean, std });
    stats.push({ feature: t.names[c], mean, std });
  }

  const features: BuiltFeature[] = [];
  const taken = new Set<string>(['features']);
  const vectorColumns: string[] = [];
  const oneHot = catCols.filter((c) => categories[c]!.length <= MAX_ONE_HOT);
  for (const c of numCols) vectorColumns.push(t.names[c]);
  for (const c of oneHot) for (const v of categories[c]!) vectorColumns.push(`${t.names[c]}=${v}`);
  for (const c of catCols) if (categories[c]!.length > MAX_ONE_HOT) notes.push(`${t.names[c]}: ${categories[c]!.length} categories, too many to one-hot; only its categorical feature carries it`);
  const size = vectorColumns.length;
  if (size > 0) {
    const numList = numCols.map((c) => ({ col: numeric[c]!, ...norm.get(c)! }));
    const catList = oneHot.map((c) => ({ codes: codes[c]!, n: categories[c]!.length }));
    features.push({
      spec: { name: 'features', kind: 'vector', size, columns: vectorColumns },
      dtype: 'f32',
      data: function* () {
        for (let start = 0; start < rows; start += CHUNK_ROWS) {
          const end = Math.min(rows, start + CHUNK_ROWS);
          const out = new Float32Array((end - start) * size);
          for (let i = start; i < end; i++) {
            let o = (i - start) * size;
            for (const { col, mean, std } of numList) {
              const v = col[i];
              out[o++] = v !== v ? 0 : std > 0 ? (v - mean) / std : v - mean;
            }
            for (const { codes: cc, n } of catList) {
              const k = cc[i];
              if (k >= 0 && k < n) out[o + k] = 1;
              o += n;
            }
          }
          yield out;
        }
      },
    });
  }
  for (const c of catCols) {
    const cats = categories[c]!;
    const cc = codes[c]!;
    for (let i = 0; i < rows; i++) if (cc[i] < 0) cc[i] = cats.length;
    const spec: FeatureSpec = { name: uniqueFeatureName(t.names[c], taken), kind: 'categorical', categories: cats };
    features.push({ spec, dtype: 'i32', data: cc });
    stats.push({ feature: spec.name, counts: categoryCounts(cc, cats, splits.train) });
  }
  for (const c of textCols) {
    const vb = vocabs[c]!;
    const vocab = vb.build(vocabSize);
    const maxLength = maxLengthOpt ?? vb.suggestedMaxLength();
    const ids = new Int32Array(rows * maxLength);
    const col = texts[c]!;
    for (let i = 0; i < rows; i++) encodeTokens(tokenize(col[i]), vocab, maxLength, ids, i * maxLength);
    texts[c] = null;
    const name = uniqueFeatureName(t.names[c], taken);
    features.push({ spec: { name, kind: 'text', vocabSize: vocab.size, maxLength }, dtype: 'i32', data: ids });
    // For text: the most frequent training tokens with their counts.
    stats.push({ feature: name, counts: vb.topCounts(20) });
  }

  const taskSpecs: TaskSpec[] = tasks.map((tk, i) => {
    const d = taskDecisions[i];
    return d.kind === 'regression' ? { name: t.names[tk.column], kind: 'regression' } : { name: t.names[tk.column], kind: d.kind, classes: d.classes };
  });
  return {
    name: path.basename(file).replace(/\.(csv|tsv|txt)(\.gz)?$/i, ''),
    options: {
      ...recordable(options),
      path: file,
      header: t.header,
      delimiter: t.dialect.delimiter,
      quote: t.dialect.quote,
      decimalComma: t.decimalComma,
      tasks: tasks.map((tk, i) => `${t.names[tk.column]}:${taskSpecs[i].kind}`),
      validation,
      test: testFraction,
      vocabSize,
    },
    rows,
    features,
    tasks: taskSpecs,
    labels,
    splits,
    stats,
    preview: { columns: t.names, rows: preview },
    meta: {
      encoding: t.src.encoding,
      gzip: t.src.gzip,
      columns: t.names.map((name, c) => ({ name, kind: isTask[c] >= 0 ? 'task' : kinds[c] })),
      notes,
    },
  };
}

/** The import's options, plus what an import detected and recorded in its spec (re-detected, so a spec re-imports as is). */
const csvSourceOptions = csvOptionsSchema.extend({ quote: z.string().max(1).optional(), decimalComma: z.boolean().optional() });

export const csvSource: DatasetSource<CsvOptions> = {
  options: csvSourceOptions,
  name: 'csv',
  label: 'CSV file',
  description: 'A CSV (or TSV, optionally gzipped) file: header or none, delimiter and quoting detected, numeric / categorical / text columns detected (overridable), missing values (?, empty, NA), any columns as tasks (col or col:regression).',
  kind: 'import',
  availability: () => ({ available: true }),
  build: importCsv,
};

export type { SourceContext };
