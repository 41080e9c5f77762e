// IDX import (gzip or plain): one image file (n × h × w, or n × h × w × c, unsigned bytes) and one
// or more label files (n labels each), one task per label file.
import * as path from 'node:path';
import type { TaskSpec } from '../../../shared/dataset.js';
import { DatasetError } from '../errors.js';
import { readIdxFile } from '../idx.js';
import { randomSplits } from '../splits.js';
import { idxOptionsSchema, type IdxOptions } from '../../../shared/schemas/dataset.js';
import { recordable } from './options.js';
import type { BuiltDataset, DatasetSource, SourceContext } from './types.js';

/** Options as idxOptionsSchema (shared/schemas/dataset.ts) has checked them. */
export async function importIdx(options: IdxOptions, seed: number, ctx: SourceContext): Promise<BuiltDataset> {
  const labelFiles = options.labels;
  const taskNames = options.taskNames;
  if (taskNames !== undefined && (taskNames.length !== labelFiles.length || taskNames.some((n) => !n.trim()))) {
    throw new DatasetError(`option taskNames must give one name per label file (${labelFiles.length})`);
  }
  if (taskNames && new Set(taskNames).size !== taskNames.length) throw new DatasetError('option taskNames has duplicates');
  const imagesFile = path.resolve(options.images);
  ctx.onProgress({ phase: 'read images', done: 0, total: 1 + labelFiles.length });
  const img = await readIdxFile(imagesFile);
  if (img.type !== 0x08) throw new DatasetError(`images must be unsigned bytes (IDX type 0x08), found type 0x${img.type.toString(16)}`, { file: imagesFile });
  if (img.dims.length !== 3 && img.dims.length !== 4) {
    throw new DatasetError(`images must be n × height × width (or × channels), found dims ${img.dims.join(' × ')}`, { file: imagesFile });
  }
  const [n, h, w] = img.dims;
  const c = img.dims[3] ?? 1;
  if (n === 0) throw new DatasetError('the image file holds no images', { file: imagesFile });
  const tasks: TaskSpec[] = [];
  const labels: Float32Array[] = [];
  const files: string[] = [];
  for (let k = 0; k < labelFiles.length; k++) {
    const lf = path.resolve(labelFiles[k]);
    files.push(lf);
    const lab = await readIdxFile(lf);
    ctx.onProgress({ phase: 'read labels', done: k + 2, total: 1 + labelFiles.length });
    if (lab.dims.length !== 1) throw new DatasetError(`a label file must be 1-dimensional, found dims ${lab.dims.join(' × ')}`, { file: lf });
    if (lab.dims[0] !== n) throw new DatasetError(`${lab.dims[0]} labels for ${n} images (${path.basename(imagesFile)})`, { file: lf });
    const values = [...new Set(Array.from(lab.data as ArrayLike<number>))].sort((a, b) => a - b);
    const name = taskNames?.[k]?.trim() ?? (labelFiles.length === 1 ? 'label' : `label${k + 1}`);
    if (values.length < 2) throw new DatasetError(`the label file has a single class (${values[0]}): a task needs at least two`, { file: lf });
    if (values.length > 10_000) throw new DatasetError(`${values.length} distinct labels: too many classes`, { file: lf });
    const index = new Map(values.map((v, i) => [v, i]));
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) y[i] = index.get(Number(lab.data[i]))!;
    tasks.push({ name, kind: values.length === 2 ? 'binary' : 'multiclass', classes: values.map(String) });
    labels.push(y);
  }
  return {
    name: path.basename(imagesFile).replace(/(\.gz)?$/, '').replace(/[-.]idx\d-ubyte$/, ''),
    options: { ...recordable(options), images: imagesFile, labels: files, taskNames: tasks.map((t) => t.name) },
    rows: n,
    features: [{ spec: { name: 'image', kind: 'image', shape: [h, w, c] }, dtype: 'u8', data: img.data as Uint8Array }],
    tasks,
    labels,
    splits: randomSplits(n, seed),
  };
}

export const idxSource: DatasetSource<IdxOptions> = {
  options: idxOptionsSchema,
  name: 'idx',
  label: 'IDX files',
  description: 'An IDX image file (n × h × w[ × c] unsigned bytes, gzip or plain) and one or more IDX label files, one task each.',
  kind: 'import',
  availability: () => ({ available: true }),
  build: importIdx,
};
