// The engine's backends in the automatic order (DESIGN.md): CUDA, then WebGPU on a hardware adapter, then the
// CPU ones. One file per backend; backend.ts chooses among them.
import type { BackendName } from '../../../shared/run.js';
import { cpu } from './cpu.js';
import { tensorflowCpu, tensorflowGpu } from './tensorflow.js';
import type { BackendDefinition } from './types.js';
import { wasm } from './wasm.js';
import { webgpu } from './webgpu.js';

export const BACKENDS: readonly BackendDefinition[] = [tensorflowGpu, webgpu, tensorflowCpu, wasm, cpu];

export function backendDefinition(name: BackendName): BackendDefinition {
  const d = BACKENDS.find((b) => b.name === name);
  if (!d) throw new Error(`Unknown backend '${name}': choose one of ${BACKENDS.map((b) => b.name).join(', ')}`);
  return d;
}
