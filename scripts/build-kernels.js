#!/usr/bin/env node
// `npm run build:kernels`: compiles electron/engine/kernels/simd/kernels.c to wasm (plain and
// shared-memory builds) and writes electron/engine/kernels/kernels-wasm.ts, whose header records
// the C source's sha256 (a test fails when the two drift apart). Needs Debian's clang and lld
// (`apt-get install clang lld`); CC picks another clang. The output is committed, so nothing else
// in the project needs a C toolchain.
//
//   npm run build:kernels [-- --check [--source FILE]]
// --check builds nothing: it exits 1, saying why, when the generated module was not built from the
// C source (FILE instead of the repository's, to test the check itself).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KERNELS_GENERATED, KERNELS_SOURCE, generatedHeader, staleReason } from './kernels-source.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({ options: { check: { type: 'boolean', default: false }, source: { type: 'string' } } });
const source = opt.source ? resolve(opt.source) : join(root, KERNELS_SOURCE);
const target = join(root, KERNELS_GENERATED);

if (opt.check) {
  const why = staleReason(readFileSync(source), readFileSync(target, 'utf8'));
  if (why) {
    console.error(why);
    process.exit(1);
  }
  console.log(`${KERNELS_GENERATED} matches ${KERNELS_SOURCE}`);
  process.exit(0);
}

function findClang() {
  const candidates = process.env.CC ? [process.env.CC] : ['clang', 'clang-19', 'clang-16', 'clang-15', 'clang-14'];
  for (const cc of candidates) {
    try {
      execFileSync(cc, ['--version'], { stdio: 'ignore' });
      return cc;
    } catch {
      // try the next one
    }
  }
  throw new Error(`no clang found (tried ${candidates.join(', ')}): apt-get install clang lld, or set CC`);
}

const FLAGS = ['--target=wasm32', '-O3', '-msimd128', '-mbulk-memory', '-nostdlib', '-fno-builtin', '-Wall', '-Wextra',
  '-Wl,--no-entry', '-Wl,--export-dynamic', '-Wl,--import-memory', '-Wl,--strip-all'];
const SHARED = ['-matomics', '-Wl,--shared-memory', '-Wl,--max-memory=4294967296'];

const cc = findClang();
const work = mkdtempSync(join(tmpdir(), 'mtlw-kernels-'));
try {
  const plain = join(work, 'kernels.wasm');
  const shared = join(work, 'kernels-shared.wasm');
  try {
    execFileSync(cc, [...FLAGS, '-o', plain, source], { stdio: 'inherit' });
    execFileSync(cc, [...FLAGS, ...SHARED, '-o', shared, source], { stdio: 'inherit' });
  } catch (e) {
    throw new Error(`${cc} could not build ${KERNELS_SOURCE} (wasm-ld comes with Debian's lld): ${e.message}`);
  }
  const text = readFileSync(source);
  writeFileSync(target, [
    generatedHeader(text),
    `export const KERNELS_WASM = '${readFileSync(plain).toString('base64')}';`,
    `export const KERNELS_SHARED_WASM = '${readFileSync(shared).toString('base64')}';`,
    '',
  ].join('\n'));
  console.log(`wrote ${KERNELS_GENERATED} with ${cc}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
