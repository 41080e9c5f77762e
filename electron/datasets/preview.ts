// A dataset's first rows as display strings, and for image data a grid of sample images (PNG data
// URLs) with all their task labels. Class balance and feature statistics are in DatasetInfo.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { DatasetInfo, DatasetPreview, TaskSpec } from '../../shared/dataset.js';
import { pngDataUrl } from './image.js';
import { datasetDir, readArray, readManifest } from './load.js';
import { PREVIEW } from './materialise.js';

export const DEFAULT_PREVIEW_ROWS = 16;
const MAX_PREVIEW_ROWS = 200;
const MAX_VECTOR_COLUMNS = 8;

export function labelText(task: TaskSpec, v: number): string {
  if (Number.isNaN(v)) return '—';
  if (task.kind === 'regression') return formatNumber(v);
  return task.classes?.[v] ?? String(v);
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3 ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

export async function buildPreview(dataDir: string, info: DatasetInfo, requested = DEFAULT_PREVIEW_ROWS): Promise<DatasetPreview> {
  const dir = datasetDir(dataDir, info.id);
  const manifest = await readManifest(dir);
  const count = Math.max(0, Math.min(Math.floor(requested) || 0, MAX_PREVIEW_ROWS, manifest.rows));
  const labels: Float32Array[] = [];
  for (const l of manifest.labels) labels.push((await readArray(dir, l, 0, count)) as Float32Array);
  const tasks = manifest.labels.map((l) => info.tasks.find((t) => t.name === l.task)!);
  const taskLabels = (row: number): Record<string, string> =>
    Object.fromEntries(tasks.map((t, k) => [t.name, labelText(t, labels[k][row])]));

  // Which split each shown row is in.
  const splitOf = new Array<string>(count).fill('');
  for (const s of ['train', 'validation', 'test'] as const) {
    const idx = (await readArray(dir, manifest.splits[s])) as Int32Array;
    for (const r of idx) if (r < count) splitOf[r] = s;
  }

  const image = info.features.find((f) => f.kind === 'image');
  if (image && image.kind === 'image') {
    const mf = manifest.features.find((f) => f.name === image.name)!;
    const [h, w, c] = image.shape;
    const size = h * w * c;
    const px = await readArray(dir, mf, 0, count * size);
    const scale = mf.dtype === 'u8' ? 1 : 255;
    const images = [];
    for (let r = 0; r < count; r++) {
      images.push({ dataUrl: pngDataUrl(px.subarray(r * size, (r + 1) * size), w, h, c, scale), labels: taskLabels(r) });
    }
    return {
      datasetId: info.id,
      columns: ['row', 'split', ...tasks.map((t) => t.name)],
      rows: images.map((img, r) => [String(r + 1), splitOf[r], ...tasks.map((t) => img.labels[t.name])]),
      images,
    };
  }

  // Tabular data imported from a file: the original values.
  try {
    const stored = JSON.parse(await fsp.readFile(path.join(dir, PREVIEW), 'utf8')) as { columns: string[]; rows: string[][] };
    return { datasetId: info.id, columns: stored.columns, rows: stored.rows.slice(0, count) };
  } catch {
    // No stored preview: show the features.
  }
  const columns: string[] = [];
  const cells: ((r: number) => string)[] = [];
  for (const f of info.features) {
    const mf = manifest.features.find((m) => m.name === f.name)!;
    if (f.kind === 'vector') {
      const shown = Math.min(f.size, MAX_VECTOR_COLUMNS);
      const data = await readArray(dir, mf, 0, count * f.size);
      for (let j = 0; j < shown; j++) {
        columns.push(f.columns[j] ?? `${f.name}[${j}]`);
        cells.push((r) => formatNumber(data[r * f.size + j]));
      }
      if (f.size > shown) { columns.push('…'); cells.push(() => `+${f.size - shown}`); }
    } else if (f.kind === 'categorical') {
      const data = await readArray(dir, mf, 0, count);
      columns.push(f.name);
      cells.push((r) => f.categories[data[r]] ?? '—');
    } else if (f.kind === 'text') {
      const data = await readArray(dir, mf, 0, count * f.maxLength);
      columns.push(f.name);
      cells.push((r) => `${Array.from(data.subarray(r * f.maxLength, (r + 1) * f.maxLength)).filter((v) => v !== 0).length} tokens`);
    }
  }
  for (const t of tasks) {
    columns.push(t.name);
    const k = tasks.indexOf(t);
    cells.push((r) => labelText(t, labels[k][r]));
  }
  return { datasetId: info.id, columns, rows: Array.from({ length: count }, (_, r) => cells.map((cell) => cell(r))) };
}
