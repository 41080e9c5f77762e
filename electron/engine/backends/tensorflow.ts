// @tensorflow/tfjs-node-gpu (CUDA, Linux) and @tensorflow/tfjs-node (native CPU). Both are optionalDependencies:
// their install downloads a prebuilt libtensorflow, and where that cannot happen the package is absent (or
// present without its binding); both register tfjs's 'tensorflow' backend.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackendDefinition } from './types.js';
import { cpuName, packageDir, packageVersion } from './packages.js';

/** A native package is usable only with its N-API binding (lib/napi-v*\/tfjs_binding.node), which its install downloads. */
function nativeBindingMissing(pkg: string): string | null {
  const dir = packageDir(pkg);
  if (!dir) return `${pkg} is not installed (an optional dependency; its install downloads libtensorflow, which failed or was skipped here)`;
  const lib = path.join(dir, 'lib');
  const found = existsSync(lib) && readdirSync(lib).some((d) => d.startsWith('napi-v') && existsSync(path.join(lib, d, 'tfjs_binding.node')));
  return found ? null : `${pkg} is installed but its native binding (lib/napi-v*/tfjs_binding.node) is missing: the libtensorflow download did not happen`;
}

let gpuNameCache: string | null | undefined;
/** The CUDA device name from nvidia-smi, or null where there is none. */
function gpuName(): string | null {
  if (gpuNameCache !== undefined) return gpuNameCache;
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    const names = out.split('\n').map((s) => s.trim()).filter(Boolean);
    gpuNameCache = names.length ? names[0] : null;
  } catch {
    gpuNameCache = null;
  }
  return gpuNameCache;
}

function native(name: 'tensorflow-gpu' | 'tensorflow', pkg: string, device: () => string): BackendDefinition {
  return {
    name,
    package: pkg,
    tfName: 'tensorflow',
    unavailableReason: () => nativeBindingMissing(pkg),
    device,
    async load() {
      try {
        // Importing the package registers the 'tensorflow' backend with the shared tfjs-core.
        await import(/* @vite-ignore */ pkg);
      } catch (err) {
        throw new Error(`${pkg} failed to load: ${(err as Error).message.split('\n')[0]}`);
      }
      if (!tf.findBackendFactory('tensorflow')) {
        throw new Error(`${pkg} loaded but registered no 'tensorflow' backend with this copy of @tensorflow/tfjs-core (duplicate tfjs installs?)`);
      }
      return { versions: { [pkg]: packageVersion(pkg) ?? 'unknown' } };
    },
  };
}

export const tensorflowGpu = native('tensorflow-gpu', '@tensorflow/tfjs-node-gpu', () => gpuName() ?? 'CUDA GPU (name unknown: nvidia-smi not found)');
export const tensorflowCpu = native('tensorflow', '@tensorflow/tfjs-node', () => `CPU ${cpuName()}, native TensorFlow`);
