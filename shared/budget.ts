// How much memory a design needs to train, from the validator's facts: parameters (weights, their gradients,
// the optimizer's state) plus activations per sample (kept for the backward pass, and their gradients) times
// the batch. An estimate for refusing what cannot fit, not an exact figure.
import type { NodeFacts } from './problems.js';

export const BYTES_PER_VALUE = 4; // float32

/** Values the optimizer keeps per parameter (Adam: two moments; SGD with momentum: one velocity). */
export function optimizerSlots(optimizer: { name?: string; momentum?: number } | undefined): number {
  switch (optimizer?.name) {
    case 'adam':
    case 'adamw':
      return 2;
    case 'rmsprop':
      return optimizer.momentum ? 2 : 1;
    case 'sgd':
      return optimizer.momentum ? 1 : 0;
    default:
      return 2;
  }
}

export interface NodeMemory {
  nodeId: string;
  /** Weights + gradients + optimizer state. */
  fixedBytes: number;
  /** Output values per sample (batch dimension excluded). */
  activationsPerSample: number;
  /** For the whole batch: fixed + activations and their gradients. */
  bytes: number;
}

export interface MemoryEstimate {
  params: number;
  activationsPerSample: number;
  batchSize: number;
  bytes: number;
  /** The node that needs the most, and so the one to make smaller. */
  dominant: NodeMemory | null;
}

function values(shape: (number | null)[]): number {
  return shape.reduce<number>((a, d) => a * (d ?? 1), 1);
}

export function estimateMemory(
  nodes: Record<string, NodeFacts>,
  opts: { batchSize?: number; optimizer?: { name?: string; momentum?: number } } = {},
): MemoryEstimate {
  const batch = Math.max(1, opts.batchSize ?? 1);
  const perParam = BYTES_PER_VALUE * (2 + optimizerSlots(opts.optimizer));
  let params = 0;
  let acts = 0;
  let bytes = 0;
  let dominant: NodeMemory | null = null;
  for (const [nodeId, f] of Object.entries(nodes)) {
    const a = Object.values(f.outputShapes).reduce((s, shape) => s + values(shape), 0);
    const node: NodeMemory = { nodeId, fixedBytes: f.params * perParam, activationsPerSample: a, bytes: f.params * perParam + batch * a * 2 * BYTES_PER_VALUE };
    params += f.params;
    acts += a;
    bytes += node.bytes;
    if (!dominant || node.bytes > dominant.bytes) dominant = node;
  }
  return { params, activationsPerSample: acts, batchSize: batch, bytes, dominant };
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 40) return `${(n / 2 ** 40).toFixed(1)} TiB`;
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** "1.5GB", "800MB", "2 GiB", or a number of bytes; null when it reads as none of these. */
export function parseByteSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?\s*$/i.exec(text);
  if (!m) return null;
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const scale = { b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[unit as 'b' | 'k' | 'm' | 'g' | 't'];
  const n = Number(m[1]) * scale;
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : null;
}
