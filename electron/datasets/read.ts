// Bounded reads of the user's files: only regular files, never more than a format's header promises, and
// compressed data inflated as a stream that stops at that size (a gzip bomb or /dev/zero costs nothing).
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import { formatBytes } from '../../shared/budget.js';
import { DatasetError, type DatasetErrorInit } from './errors.js';

export { formatBytes };

/** The most one array read from a file may hold in memory: a quarter of the machine's memory, at most 2 GiB. */
export const MAX_DATA_BYTES = Math.min(2 ** 31 - 1, Math.floor(os.totalmem() / 4));
/** An image file in an image list (PNG or JPEG) larger than this is refused before it is read. */
export const MAX_IMAGE_FILE_BYTES = 64 * 1024 * 1024;
/** Width × height of one decoded image. */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** Opens a file for reading after checking that it is a regular file (not a device, pipe or folder). */
export async function openRegularFile(file: string, where: DatasetErrorInit = { file }, noun = 'file'): Promise<{ fh: fsp.FileHandle; size: number }> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DatasetError(where.file === file ? 'file not found' : `${noun} not found: ${file}`, { ...where, code: 'not-found' });
    if (code === 'EISDIR') throw new DatasetError(`${where.file === file ? 'this' : file} is a folder, not a file`, where);
    throw new DatasetError(`cannot read ${where.file === file ? 'the file' : file} (${code ?? String(e)})`, where);
  }
  const st = await fh.stat();
  if (!st.isFile()) {
    await fh.close();
    const kind = st.isDirectory() ? 'a folder' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isFIFO() ? 'a pipe' : st.isSocket() ? 'a socket' : 'not a file';
    throw new DatasetError(`${where.file === file ? 'not a regular file' : `${file} is not a regular file`} (${kind}): choose a file`, where);
  }
  return { fh, size: st.size };
}

/**
 * Reads a whole regular file of at most `maxBytes`; a larger one is refused before anything is read.
 * `what` says what the limit is for ("one image"); `noun` names the file when the error is located elsewhere.
 */
export async function readRegularFile(
  file: string, opts: { maxBytes: number; what: string; noun?: string; where?: DatasetErrorInit },
): Promise<Buffer> {
  const { maxBytes, what, noun = 'file', where = { file } } = opts;
  const { fh, size } = await openRegularFile(file, where, noun);
  try {
    if (size > maxBytes) {
      const subject = where.file === file ? 'the file' : file;
      throw new DatasetError(`${subject} is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} allowed for ${what}`, where);
    }
    const buf = Buffer.allocUnsafe(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await fh.read(buf, done, size - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === size ? buf : buf.subarray(0, done);
  } finally {
    await fh.close();
  }
}
