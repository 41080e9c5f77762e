// The Electron bundles (out/electron/{main,preload,worker}.cjs) are rebuilt when any source they are made from
// is newer than the oldest of them, so an edit is never ignored by `npm start`.
import fs from 'node:fs';
import path from 'node:path';

export const BUNDLES = ['main.cjs', 'preload.cjs', 'worker.cjs'];
const SOURCE_DIRS = ['electron', 'shared'];
const SOURCE_FILES = ['scripts/build-electron.js', 'package.json'];

function newestUnder(dir: string): { file: string; mtimeMs: number } | null {
  let newest: { file: string; mtimeMs: number } | null = null;
  if (!fs.existsSync(dir)) return null;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !/\.(ts|js|json)$/.test(e.name)) continue;
    const file = path.join(e.parentPath, e.name);
    const mtimeMs = fs.statSync(file).mtimeMs;
    if (!newest || mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

/** Why the bundles in outDir need building (missing, or older than a source), or null when they are current. */
export function bundlesStale(root: string, outDir = path.join(root, 'out/electron')): string | null {
  let oldest = Infinity;
  for (const b of BUNDLES) {
    const f = path.join(outDir, b);
    if (!fs.existsSync(f)) return `${path.relative(root, f)} is missing`;
    oldest = Math.min(oldest, fs.statSync(f).mtimeMs);
  }
  const candidates = [...SOURCE_DIRS.map((d) => newestUnder(path.join(root, d))), ...SOURCE_FILES.map((f) => path.join(root, f)).filter((f) => fs.existsSync(f)).map((file) => ({ file, mtimeMs: fs.statSync(file).mtimeMs }))];
  for (const c of candidates) {
    if (c && c.mtimeMs > oldest) return `${path.relative(root, c.file)} changed since the last build`;
  }
  return null;
}
