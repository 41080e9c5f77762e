// The WebGPU adapter a machine offers (Dawn's view of one GPU), as getSystemInfo and run records report it.

export interface GpuAdapterInfo {
  /** e.g. 'nvidia', 'amd', 'intel', 'apple', 'google' (SwiftShader). */
  vendor: string;
  /** e.g. 'ampere', 'rdna-3', 'gen-12lp', 'swiftshader'. */
  architecture: string;
  device: string;
  description: string;
  /** The native API Dawn drives: 'vulkan' (Linux), 'metal' (macOS), 'd3d12' (Windows), or another it was told to use. */
  api: string;
  /** A software or fallback adapter (SwiftShader): never chosen automatically, only when webgpu is forced. */
  fallback: boolean;
  /** Largest single buffer and storage binding in bytes: the largest tensor one kernel can touch. */
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

const API_LABELS: Record<string, string> = { vulkan: 'Vulkan', metal: 'Metal', d3d12: 'D3D12', d3d11: 'D3D11', opengl: 'OpenGL', opengles: 'OpenGL ES' };

/** 'Vulkan', 'Metal', 'D3D12', ... */
export function apiLabel(api: string): string {
  return API_LABELS[api] ?? api;
}

/** Vendor and architecture: "nvidia ampere", "google swiftshader". */
export function adapterName(a: GpuAdapterInfo): string {
  return [a.vendor, a.architecture].filter(Boolean).join(' ') || a.device || 'unknown GPU';
}

/** One line for logs and run records: "google swiftshader (SwiftShader driver 5.0.0), Vulkan, software adapter". */
export function describeAdapter(a: GpuAdapterInfo): string {
  const name = adapterName(a);
  const detail = a.description && a.description !== name ? ` (${a.description})` : '';
  return `${name}${detail}, ${apiLabel(a.api)}${a.fallback ? ', software adapter' : ''}`;
}

/** The adapter as flat `gpu.*` entries of a run's versions record (how the run record keeps it). */
export function adapterVersions(a: GpuAdapterInfo): Record<string, string> {
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [`gpu.${k}`, String(v)]));
}

/** The adapter a run trained on, from its versions record; null for a run on another backend. */
export function adapterFromVersions(v: Record<string, string> | undefined | null): GpuAdapterInfo | null {
  if (!v || v['gpu.vendor'] === undefined) return null;
  const num = (k: string) => Number(v[`gpu.${k}`]) || 0;
  return {
    vendor: v['gpu.vendor'] ?? '',
    architecture: v['gpu.architecture'] ?? '',
    device: v['gpu.device'] ?? '',
    description: v['gpu.description'] ?? '',
    api: v['gpu.api'] ?? '',
    fallback: v['gpu.fallback'] === 'true',
    maxBufferSize: num('maxBufferSize'),
    maxStorageBufferBindingSize: num('maxStorageBufferBindingSize'),
  };
}
