// Image list import: a CSV with a column of image paths (PNG or JPEG, relative to the CSV's folder)
// and label columns. Images are resized to one size (option size, else the first image's) and kept
// greyscale when every image is grey (option channels overrides).
import * as path from 'node:path';
import type { TaskSpec } from '../../../shared/dataset.js';
import { DatasetError } from '../errors.js';
import { ColumnProfile, decideTask, FORCED_DISTINCT_CAP, type TaskDecision } from '../csv/infer.js';
import { openTable, requireColumn, scanRows } from '../csv/table.js';
import { isMissingTrimmed, trimValue } from '../csv/values.js';
import { decodeImage, resizeRgb } from '../image.js';
import { formatBytes, MAX_DATA_BYTES } from '../read.js';
import { randomSplits } from '../splits.js';
import { parseTaskRequests } from './csv.js';
import { imageListOptionsSchema, type ImageListOptions } from '../../../shared/schemas/dataset.js';
import { recordable } from './options.js';
import type { BuiltDataset, DatasetSource, SourceContext } from './types.js';

const IMAGE_EXT = /\.(png|jpe?g)$/i;

/** Options as imageListOptionsSchema (shared/schemas/dataset.ts) has checked them. */
export async function importImageList(options: ImageListOptions, seed: number, ctx: SourceContext): Promise<BuiltDataset> {
  const file = path.resolve(options.path);
  const size = typeof options.size === 'number' ? [options.size, options.size] : options.size;
  const channelsOpt = options.channels;
  const t = await openTable(file, { header: options.header, delimiter: options.delimiter });
  const tasks = parseTaskRequests(t, options.tasks);
  const rows: { fields: string[]; line: number }[] = [];
  await scanRows(t, (fields, line) => { rows.push({ fields, line }); });
  if (rows.length === 0) throw new DatasetError(t.header ? 'no data rows (only a header)' : 'no data rows', { file });

  let pathCol: number;
  if (options.pathColumn) {
    pathCol = requireColumn(t, options.pathColumn, 'path');
  } else {
    pathCol = t.names.findIndex((_, c) => {
      const vals = rows.map((r) => trimValue(r.fields[c])).filter((v) => !isMissingTrimmed(v));
      return vals.length > 0 && vals.filter((v) => IMAGE_EXT.test(v)).length >= 0.9 * vals.length;
    });
    if (pathCol === -1) throw new DatasetError('no column of image paths (.png, .jpg) found; name it with pathColumn', { file });
  }
  if (tasks.some((tk) => tk.column === pathCol)) throw new DatasetError(`the path column ${JSON.stringify(t.names[pathCol])} cannot be a task`, { file });

  const decisions: TaskDecision[] = tasks.map((tk) => {
    const p = new ColumnProfile(FORCED_DISTINCT_CAP, t.parseNumber);
    for (const r of rows) p.add(r.fields[tk.column], r.line);
    return decideTask(p, tk.declared, { file, column: tk.column + 1, name: t.names[tk.column] });
  });

  const base = path.dirname(file);
  const n = rows.length;
  let height = size?.[0] ?? 0, width = size?.[1] ?? 0;
  let rgb: Uint8Array | null = null;
  let allGrey = true;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    const rel = trimValue(r.fields[pathCol]);
    const where = { list: file, line: r.line, column: pathCol + 1, columnName: t.names[pathCol] };
    if (isMissingTrimmed(rel)) throw new DatasetError('no image path in this row', { file, line: r.line, column: pathCol + 1, columnName: t.names[pathCol] });
    if (ctx.allowedDirs && !ctx.allowedDirs.allows(path.resolve(base, rel))) {
      throw new DatasetError(`${path.resolve(base, rel)} is outside the folders this server may read (${ctx.allowedDirs.dirs.join(', ')}); start \`mtl-workbench serve\` with --allow-dir DIR to allow another folder`, { file, line: r.line, column: pathCol + 1, columnName: t.names[pathCol] });
    }
    const img = await decodeImage(path.resolve(base, rel), where);
    if (!rgb) {
      if (!height) { height = img.height; width = img.width; }
      if (n * height * width * 3 > MAX_DATA_BYTES) {
        throw new DatasetError(`${n.toLocaleString('en-US')} images of ${height} × ${width} pixels (${formatBytes(n * height * width * 3)}) are more than the ${formatBytes(MAX_DATA_BYTES)} one dataset may hold here: use option size to make them smaller`, { file });
      }
      rgb = new Uint8Array(n * height * width * 3);
    }
    if (!img.grey) allGrey = false;
    rgb.set(resizeRgb(img, width, height), i * height * width * 3);
    if (i % 64 === 0) ctx.onProgress({ phase: 'decode images', done: i, total: n });
  }
  ctx.onProgress({ phase: 'decode images', done: n, total: n });
  const channels = channelsOpt ?? (allGrey ? 1 : 3);
  let pixels = rgb!;
  if (channels === 1) {
    const px = n * height * width;
    const grey = new Uint8Array(px);
    for (let i = 0; i < px; i++) grey[i] = Math.round(0.299 * pixels[i * 3] + 0.587 * pixels[i * 3 + 1] + 0.114 * pixels[i * 3 + 2]);
    pixels = grey;
  }

  const parseNumber = t.parseNumber;
  const labels = tasks.map((tk, ti) => {
    const y = new Float32Array(n);
    const d = decisions[ti];
    const map = d.kind === 'regression' ? null : new Map<string | number, number>((d.classValues ?? d.classes!).map((v, i) => [v, i]));
    rows.forEach((r, i) => {
      const v = trimValue(r.fields[tk.column]);
      if (isMissingTrimmed(v)) { y[i] = NaN; return; }
      if (!map) { y[i] = parseNumber(v)!; return; }
      y[i] = map.get(d.classValues ? parseNumber(v)! : v)!;
    });
    return y;
  });
  const taskSpecs: TaskSpec[] = tasks.map((tk, i) =>
    decisions[i].kind === 'regression' ? { name: t.names[tk.column], kind: 'regression' } : { name: t.names[tk.column], kind: decisions[i].kind, classes: decisions[i].classes });
  return {
    name: path.basename(file).replace(/\.(csv|tsv|txt)$/i, ''),
    options: { ...recordable(options), path: file, pathColumn: t.names[pathCol], size: [height, width], channels, tasks: tasks.map((tk, i) => `${t.names[tk.column]}:${taskSpecs[i].kind}`) },
    rows: n,
    features: [{ spec: { name: 'image', kind: 'image', shape: [height, width, channels] }, dtype: 'u8', data: pixels }],
    tasks: taskSpecs,
    labels,
    splits: randomSplits(n, seed),
    preview: { columns: t.names, rows: rows.slice(0, 20).map((r) => r.fields.map(trimValue)) },
    meta: { resize: 'bilinear to the first image\'s size (or option size)', greyscale: channels === 1 },
  };
}

export const imageListSource: DatasetSource<ImageListOptions> = {
  options: imageListOptionsSchema,
  name: 'image-list',
  label: 'Image list (CSV of paths)',
  description: 'A CSV with a column of PNG/JPEG paths (relative to the CSV) and label columns; images resized to one size, greyscale or RGB. Options: pathColumn, tasks, size, channels.',
  kind: 'import',
  availability: () => ({ available: true }),
  build: importImageList,
};
