#!/usr/bin/env node
// Builds the interface (dist/renderer) only when its sources changed since the last build, and says so in one line.
// "Changed" = any file under renderer/ or shared/, or the build's own config and lockfile, differs in size or
// modification time from what the last build saw (recorded in dist/renderer/.sources.json).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const outDir = path.join(root, 'dist/renderer');
const stampFile = path.join(outDir, '.sources.json');
const INPUTS = ['renderer', 'shared', 'vite.config.ts', 'package-lock.json', 'tsconfig.base.json'];

/** One hash over every input file's path, size and modification time. */
export function sourcesHash(base = root) {
  const h = crypto.createHash('sha256');
  const walk = (rel) => {
    const abs = path.join(base, rel);
    let st;
    try {
      st = fs.statSync(abs);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) if (name !== 'node_modules' && !name.startsWith('.')) walk(path.join(rel, name));
    } else h.update(`${rel}\0${st.size}\0${st.mtimeMs}\n`);
  };
  INPUTS.forEach(walk);
  return h.digest('hex');
}

/** Whether dist/renderer holds index.html and every asset it names. */
function complete() {
  const index = path.join(outDir, 'index.html');
  if (!fs.existsSync(index)) return false;
  const html = fs.readFileSync(index, 'utf8');
  return [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].every((m) => fs.existsSync(path.join(outDir, m[1])));
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return null;
  }
}

const hash = sourcesHash();
const stamp = readStamp();
if (!process.argv.includes('--force') && stamp?.hash === hash && complete()) {
  console.log(`Interface up to date (built ${new Date(stamp.builtAt).toLocaleString()}; no source changed since).`);
} else {
  const t0 = Date.now();
  const { build } = await import('vite');
  const warnings = [];
  try {
    await build({
      configFile: path.join(root, 'vite.config.ts'),
      logLevel: 'silent',
      customLogger: {
        info() {},
        warn: (m) => warnings.push(m),
        warnOnce: (m) => warnings.push(m),
        error: (m) => console.error(m),
        clearScreen() {},
        hasErrorLogged: () => false,
        hasWarned: false,
      },
    });
  } catch (e) {
    console.error(`Building the interface failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  fs.writeFileSync(stampFile, JSON.stringify({ hash, builtAt: new Date().toISOString() }));
  const why = stamp ? 'sources changed since the last build' : 'first build';
  console.log(`Interface built in ${((Date.now() - t0) / 1000).toFixed(1)} s (${why}).${warnings.length ? ` ${warnings.length} warning(s): run \`npx vite build\` to see them.` : ''}`);
}
