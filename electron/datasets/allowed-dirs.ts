// Web mode reads only files under the folders the person who started it allowed (`serve --allow-dir`, default:
// the data folder and the folder it was started from): a browser must not become a way around file permissions.
// Paths are compared after resolving symlinks, so a link inside an allowed folder cannot point outside it.
import fs from 'node:fs';
import path from 'node:path';
import { DatasetError } from './errors.js';

function real(p: string): string {
  // a path that does not exist yet is judged by its nearest existing folder
  let dir = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(dir), ...rest.reverse());
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return path.resolve(p);
      rest.push(path.basename(dir));
      dir = parent;
    }
  }
}

export class AllowedDirs {
  readonly dirs: string[];

  constructor(dirs: string[]) {
    this.dirs = [...new Set(dirs.map(real))];
  }

  allows(file: string): boolean {
    const r = real(file);
    return this.dirs.some((d) => r === d || r.startsWith(d.endsWith(path.sep) ? d : d + path.sep));
  }

  /** Throws a DatasetError naming the option, the file and how to allow it. */
  check(file: string, option: string): void {
    if (this.allows(file)) return;
    throw new DatasetError(
      `option ${option}: ${path.resolve(file)} is outside the folders this server may read (${this.dirs.join(', ')}); ` +
        'start `mtl-workbench serve` with --allow-dir DIR to allow another folder',
    );
  }

  /** Every file an import or built-in request names: path, images, labels, paths.{key}. */
  checkOptions(options: Record<string, unknown>): void {
    for (const key of ['path', 'images']) if (typeof options[key] === 'string') this.check(options[key] as string, key);
    if (Array.isArray(options.labels)) options.labels.forEach((l, i) => typeof l === 'string' && this.check(l, `labels[${i}]`));
    const paths = options.paths;
    if (paths && typeof paths === 'object') {
      for (const [k, v] of Object.entries(paths as Record<string, unknown>)) if (typeof v === 'string') this.check(v, `paths.${k}`);
    }
  }
}
