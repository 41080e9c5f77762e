#!/usr/bin/env node
// Bundles the Electron main process, the preload and the training worker with esbuild into out/electron/*.cjs.
// Native modules stay external (electron-builder rebuilds them for Electron and unpacks them from the asar).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'out/electron');
const sourcemap = !process.argv.includes('--no-sourcemap');

const external = [
  'electron',
  'better-sqlite3',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  '@tensorflow/tfjs-backend-wasm',
  'fsevents',
];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap,
  logLevel: 'warning',
  external,
  // The sources are ESM and read import.meta.url; in a CJS bundle it becomes the bundle's own file URL.
  // out/electron/ is as deep as electron/<dir>/, so the relative paths the sources use still resolve.
  define: { 'import.meta.url': '__mtlw_import_meta_url' },
  banner: { js: "const __mtlw_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
};

const entries = [
  ['main', 'electron/main.ts'],
  ['preload', 'electron/preload.ts'],
  ['worker', 'electron/engine/worker.ts'],
];

fs.mkdirSync(outdir, { recursive: true });
for (const [name, entry] of entries) {
  const file = path.join(root, entry);
  if (!fs.existsSync(file)) {
    console.warn(`build-electron: ${entry} does not exist yet; skipped`);
    continue;
  }
  await build({
    ...common,
    entryPoints: [file],
    outfile: path.join(outdir, `${name}.cjs`),
    // the sandboxed preload may require only 'electron': everything else is inlined
    ...(name === 'preload' ? { external: ['electron'] } : {}),
  });
  console.log(`build-electron: out/electron/${name}.cjs`);
}
