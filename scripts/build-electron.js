#!/usr/bin/env node
// Bundles the Electron main process, the preload and the training worker with esbuild into out/electron/*.cjs.
// Native modules stay external: electron-builder rebuilds them for Electron and unpacks them from the asar;
// in development the main process loads an Electron-ABI better-sqlite3 kept apart (electron/shell/native-binding.ts).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outArg = process.argv.find((a) => a.startsWith('--outdir='));
const outdir = outArg ? path.resolve(outArg.slice('--outdir='.length)) : path.join(root, 'out/electron');
const sourcemap = !process.argv.includes('--no-sourcemap');

const external = [
  'electron',
  'better-sqlite3',
  // TensorFlow.js stays one instance from node_modules: a backend package (wasm, node) registers itself with the
  // tfjs-core it requires, so a second copy of tfjs inside the bundle would never see it
  '@tensorflow/*',
  'webgpu', // Dawn: loads dist/<platform>/dawn.node beside its own index.js
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
};

// Main and worker sources are ESM and read import.meta.url; in a CJS bundle it becomes the bundle's own file
// URL. out/electron/ is as deep as electron/<dir>/, so the relative paths the sources use still resolve.
const nodeBundle = {
  define: { 'import.meta.url': '__mtlw_import_meta_url' },
  banner: { js: "const __mtlw_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
};
// The sandboxed preload runs as a function of (require, process, exports, module, Buffer, global, …): no
// __filename, and require knows only 'electron'. So: no banner, everything else inlined.
const preloadBundle = { external: ['electron'] };

const entries = [
  ['main', 'electron/main.ts'],
  ['preload', 'electron/preload.ts'],
  ['worker', 'electron/engine/worker.ts'],
];

const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice('--only='.length).split(',') : null;

fs.mkdirSync(outdir, { recursive: true });
for (const [name, entry] of entries) {
  if (only && !only.includes(name)) continue;
  const file = path.join(root, entry);
  if (!fs.existsSync(file)) {
    console.warn(`build-electron: ${entry} does not exist yet; skipped`);
    continue;
  }
  await build({
    ...common,
    entryPoints: [file],
    outfile: path.join(outdir, `${name}.cjs`),
    ...(name === 'preload' ? preloadBundle : nodeBundle),
  });
  console.log(`build-electron: ${path.relative(root, path.join(outdir, `${name}.cjs`))}`);
}
