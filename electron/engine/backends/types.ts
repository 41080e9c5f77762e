// One engine backend: what provides it, why it cannot run here, how to load it. The registry
// (backends/registry.ts) lists them in the automatic order; backend.ts chooses and initialises.
import type { GpuAdapterInfo } from '../../../shared/gpu.js';
import type { BackendName } from '../../../shared/run.js';

export interface InitOptions {
  /** Where the choice is logged (default console.log). */
  log?: (line: string) => void;
  /**
   * Threads for the wasm backend (default: env MTL_WASM_THREADS, else 1). The Node build of the wasm
   * backend as shipped runs one thread; more use the threaded build through electron/engine/kernels/
   * wasm-threads.ts. Takes effect only the first time wasm is set up in a process.
   */
  wasmThreads?: number;
}

export interface LoadContext {
  opts: InitOptions;
  log: (line: string) => void;
  /** The user asked for this backend (it may then use what the automatic choice refuses, e.g. SwiftShader). */
  forced: boolean;
}

export interface Loaded {
  /** Entries for the run record's versions. */
  versions: Record<string, string>;
  /** The device line for the UI and the run record. */
  device: string;
  adapter?: GpuAdapterInfo;
}

export interface BackendDefinition {
  name: BackendName;
  /** The npm package that provides it. */
  package: string;
  /** The name tfjs registers it under. */
  tfName: string;
  /** Cheap check (loads nothing): why it cannot be used here, or null if it looks usable. */
  unavailableReason(): string | null;
  /**
   * For describeBackends: a closer look where the cheap check cannot tell (webgpu asks Dawn for its adapter).
   * Returns the reason the automatic choice must skip it, or null.
   */
  probe?(): Promise<{ reason: string | null; adapter: GpuAdapterInfo | null }>;
  /** The device line before loading (for describeBackends). */
  device(adapter?: GpuAdapterInfo | null): string;
  /** Registers the tfjs backend (not yet current); throws saying why it cannot. */
  load(ctx: LoadContext): Promise<Omit<Loaded, 'device'> & { device?: string }>;
  /** After tf.setBackend: set-up that needs the initialised backend (wasm's kernel replacements). */
  afterInit?(ctx: LoadContext): Promise<Partial<Loaded>>;
  /** Frees what keeps a thread alive (webgpu's device). */
  release?(): void;
}
