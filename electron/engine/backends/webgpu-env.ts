// The Vulkan driver environment Dawn sees on Linux. A user's own settings always win; SwiftShader (Vulkan on
// the CPU, shipped by Debian's chromium) is only ever pointed at when webgpu is forced and no driver is set
// or found, and then only in this process (never automatically: it is far slower than the CPU backends).
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

/** Where Debian's chromium puts SwiftShader's Vulkan driver manifest. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

const DRIVER_VARS = ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'VK_ADD_DRIVER_FILES'];

/** The user named a Vulkan driver themselves. */
export function driverSetByUser(): boolean {
  return DRIVER_VARS.some((v) => Boolean(process.env[v]));
}

/** Linux: is any Vulkan driver manifest installed where the loader looks? (Cheap; loads nothing.) */
export function vulkanDriverInstalled(): boolean {
  if (process.platform !== 'linux' || driverSetByUser()) return true;
  const home = os.homedir();
  const dataDirs = (process.env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':');
  const dirs = [
    ...(process.env.XDG_CONFIG_DIRS || '/etc/xdg').split(':').map((d) => path.join(d, 'vulkan/icd.d')),
    '/etc/vulkan/icd.d',
    path.join(process.env.XDG_DATA_HOME || path.join(home, '.local/share'), 'vulkan/icd.d'),
    ...dataDirs.map((d) => path.join(d, 'vulkan/icd.d')),
    '/usr/share/vulkan/icd.d',
    '/usr/local/share/vulkan/icd.d',
  ];
  return dirs.some((d) => {
    try {
      return readdirSync(d).some((f) => f.endsWith('.json'));
    } catch {
      return false;
    }
  });
}

/**
 * For a forced webgpu backend that found no adapter: point the Vulkan loader at SwiftShader for this process,
 * if the user set no driver and SwiftShader is installed. Only on the main thread: a worker's process.env is a
 * copy the loader never reads, so the executor calls this before it starts the worker. Returns what it set.
 */
export function useSoftwareVulkan(): string | null {
  if (process.platform !== 'linux' || !isMainThread || driverSetByUser() || !existsSync(SWIFTSHADER_ICD)) return null;
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  if (!process.env.XDG_RUNTIME_DIR) {
    const dir = path.join(os.tmpdir(), `mtl-workbench-xdg-${process.getuid?.() ?? 'user'}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
  return `VK_ICD_FILENAMES=${SWIFTSHADER_ICD} (SwiftShader, Vulkan on the CPU: slow; set VK_ICD_FILENAMES yourself to choose another driver)`;
}

/** What to install or set when Dawn finds no adapter. */
export function noAdapterHint(): string {
  if (process.platform === 'linux') {
    return (
      'install the Vulkan loader (Debian: libvulkan1) and your GPU\'s Vulkan driver (Debian: mesa-vulkan-drivers for AMD/Intel, ' +
      `the NVIDIA driver's Vulkan ICD); without a GPU, SwiftShader from Debian's chromium works when webgpu is forced (${SWIFTSHADER_ICD})`
    );
  }
  if (process.platform === 'win32') return 'update the GPU driver (Dawn uses Direct3D 12)';
  if (process.platform === 'darwin') return 'Dawn uses Metal, which every Mac since 2012 has: check that the webgpu package installed its darwin binary';
  return `Dawn ships no binary for ${process.platform}`;
}

/**
 * Called on the main thread before a worker that must train on webgpu starts: with no Vulkan driver installed
 * and none set by the user, the worker gets SwiftShader (the worker cannot set it for itself, see above).
 */
export function prepareWorkerEnvironment(backend: string | undefined): void {
  if (backend === 'webgpu' && !vulkanDriverInstalled()) useSoftwareVulkan();
}
