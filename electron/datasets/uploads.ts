// Files a person hands the web page (the file picker's upload): streamed into <data folder>/uploads/ under a
// generated name, never a name or folder the browser chose, and refused past a size limit named in the error.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UploadedFile } from '../../shared/api.js';
import { DatasetError } from './errors.js';

/** Default upload limit: 256 MiB (a larger file is better pointed at with --allow-dir). */
export const DEFAULT_UPLOAD_LIMIT = 256 * 1024 * 1024;

export function uploadsDir(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'uploads');
}

/** The browser's file name reduced to letters, digits, '.', '-', '_' (no leading dot), behind a random prefix. */
export function safeUploadName(original: string): string {
  const base = path.basename(original.replace(/\\/g, '/'));
  const clean = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(-80) || 'upload';
  return `${randomBytes(6).toString('hex')}-${clean}`;
}

export class UploadTooLarge extends DatasetError {}

/** Streams body into the uploads folder; a body over limitBytes is refused and its partial file removed. */
export async function saveUpload(dataDir: string, originalName: string, body: Readable, limitBytes = DEFAULT_UPLOAD_LIMIT): Promise<UploadedFile> {
  const dir = uploadsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const name = safeUploadName(originalName);
  const file = path.join(dir, name);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > limitBytes) {
        done(new UploadTooLarge(`upload ${JSON.stringify(originalName)} is larger than the limit of ${limitBytes.toLocaleString('en-US')} bytes; start \`mtl-workbench serve --allow-dir DIR\` and import it from DIR by path instead`, { code: 'invalid-argument' }));
      } else done(null, chunk);
    },
  });
  const out = fs.createWriteStream(file, { flags: 'wx' });
  try {
    await pipeline(body, counter, out);
  } catch (err) {
    // The stream opens its file asynchronously: remove it only once it has closed, or an open that
    // completes after the removal would leave an empty file behind.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    fs.rmSync(file, { force: true });
    throw err;
  }
  return { path: file, name: originalName, bytes };
}
