#!/usr/bin/env node
// `npm run build:kernels`: compiles electron/engine/kernels/simd/kernels.c to wasm (plain and
// shared-memory builds) and writes electron/engine/kernels/kernels-wasm.ts, whose header records
// the C source's sha256 (a test fails when the two drift apart). Needs Debian's clang and lld
// (`apt-get install clang lld`); CC picks another clang. Each is built twice more with -DRELAXED (fused
// multiply-adds, f32x4.relaxed_madd) for runtimes with relaxed SIMD. The output is committed, so nothing else
// in the project needs a C toolchain.
//
//   npm run build:kernels [-- --check [--source FILE]]
// --check builds nothing: it exits 1, saying why, when the generated module was not built from the
// C source (FILE instead of the repository's, to test the check itself).
import { execFileSync } from 'node:child_process';
import v8 from 'node:v8';
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

const RELAXED = ['-DRELAXED', '-mrelaxed-simd'];

/**
 * clang-14 encodes f32x4 fused multiply-add under the relaxed-SIMD proposal's early opcode (0xfd 0xaf 0x01);
 * the standard's f32x4.relaxed_madd is 0xfd 0x105 (0xfd 0x85 0x02), as long. Rewrites every occurrence and
 * checks the result: the sequence must not occur in the plain build (so it is no constant or offset there)
 * and the rewritten module must validate with relaxed SIMD on.
 */
function toStandardRelaxed(bytes, plainBytes, name) {
  const find = (b) => {
    const at = [];
    for (let i = 0; i + 2 < b.length; i++) if (b[i] === 0xfd && b[i + 1] === 0xaf && b[i + 2] === 0x01) at.push(i);
    return at;
  };
  if (find(plainBytes).length) throw new Error(`${name}: the plain build holds the bytes fd af 01; the opcode rewrite is not safe`);
  const at = find(bytes);
  if (!at.length && !/\+relaxed-simd/.test(bytes.toString('latin1'))) throw new Error(`${name}: no relaxed SIMD in the relaxed build`);
  for (const i of at) {
    bytes[i + 1] = 0x85;
    bytes[i + 2] = 0x02;
  }
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  if (!WebAssembly.validate(bytes)) throw new Error(`${name}: the rewritten module does not validate`);
  return bytes;
}

const cc = findClang();
const work = mkdtempSync(join(tmpdir(), 'mtlw-kernels-'));
try {
  const plain = join(work, 'kernels.wasm');
  const shared = join(work, 'kernels-shared.wasm');
  try {
    execFileSync(cc, [...FLAGS, '-o', plain, source], { stdio: 'inherit' });
    execFileSync(cc, [...FLAGS, ...SHARED, '-o', shared, source], { stdio: 'inherit' });
    execFileSync(cc, [...FLAGS, ...RELAXED, '-o', `${plain}.relaxed`, source], { stdio: 'inherit' });
    execFileSync(cc, [...FLAGS, ...SHARED, ...RELAXED, '-o', `${shared}.relaxed`, source], { stdio: 'inherit' });
  } catch (e) {
    throw new Error(`${cc} could not build ${KERNELS_SOURCE} (wasm-ld comes with Debian's lld): ${e.message}`);
  }
  const text = readFileSync(source);
  writeFileSync(target, [
    generatedHeader(text),
    `export const KERNELS_WASM = '${readFileSync(plain).toString('base64')}';`,
    `export const KERNELS_SHARED_WASM = '${readFileSync(shared).toString('base64')}';`,
    `export const KERNELS_RELAXED_WASM = '${toStandardRelaxed(readFileSync(`${plain}.relaxed`), readFileSync(plain), 'plain').toString('base64')}';`,
    `export const KERNELS_RELAXED_SHARED_WASM = '${toStandardRelaxed(readFileSync(`${shared}.relaxed`), readFileSync(shared), 'shared').toString('base64')}';`,
    '',
  ].join('\n'));
  console.log(`wrote ${KERNELS_GENERATED} with ${cc}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
