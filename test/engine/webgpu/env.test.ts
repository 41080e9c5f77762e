// The Vulkan driver environment: a user's own driver setting always wins, SwiftShader is pointed at only for
// a forced webgpu with no driver, and the driver manifests are found where the Vulkan loader looks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SWIFTSHADER_ICD, driverSetByUser, prepareWorkerEnvironment, useSoftwareVulkan, vulkanDriverInstalled } from '../../../electron/engine/backends/webgpu-env.js';

const KEYS = ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'VK_ADD_DRIVER_FILES', 'XDG_DATA_DIRS', 'XDG_CONFIG_DIRS', 'XDG_DATA_HOME', 'XDG_RUNTIME_DIR'];
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
const dirs: string[] = [];
afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-vk-'));
  dirs.push(d);
  return d;
};

describe.skipIf(process.platform !== 'linux')('Vulkan driver environment (Linux)', () => {
  it("never replaces the user's own driver setting", () => {
    process.env.VK_ICD_FILENAMES = '/opt/my/icd.json';
    expect(driverSetByUser()).toBe(true);
    expect(useSoftwareVulkan()).toBeNull();
    prepareWorkerEnvironment('webgpu');
    expect(process.env.VK_ICD_FILENAMES).toBe('/opt/my/icd.json');
  });

  it('finds a driver manifest in an XDG data folder, and none in empty ones', () => {
    for (const k of ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'VK_ADD_DRIVER_FILES']) delete process.env[k];
    const empty = tmp();
    process.env.XDG_DATA_DIRS = empty;
    process.env.XDG_CONFIG_DIRS = empty;
    process.env.XDG_DATA_HOME = empty;
    const systemWide = ['/etc/vulkan/icd.d', '/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'].some((d) => fs.existsSync(d) && fs.readdirSync(d).some((f) => f.endsWith('.json')));
    expect(vulkanDriverInstalled()).toBe(systemWide);
    const data = tmp();
    fs.mkdirSync(path.join(data, 'vulkan/icd.d'), { recursive: true });
    fs.writeFileSync(path.join(data, 'vulkan/icd.d/gpu.json'), '{}');
    process.env.XDG_DATA_DIRS = data;
    expect(vulkanDriverInstalled()).toBe(true);
  });

  it('points a forced webgpu with no driver at SwiftShader (this process only), and leaves other backends alone', () => {
    for (const k of ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'VK_ADD_DRIVER_FILES', 'XDG_RUNTIME_DIR']) delete process.env[k];
    const empty = tmp();
    Object.assign(process.env, { XDG_DATA_DIRS: empty, XDG_CONFIG_DIRS: empty, XDG_DATA_HOME: empty });
    prepareWorkerEnvironment('wasm');
    expect(process.env.VK_ICD_FILENAMES).toBeUndefined();
    if (vulkanDriverInstalled() || !fs.existsSync(SWIFTSHADER_ICD)) return; // a driver is installed here, or no SwiftShader
    prepareWorkerEnvironment('webgpu');
    expect(process.env.VK_ICD_FILENAMES).toBe(SWIFTSHADER_ICD);
    expect(fs.statSync(process.env.XDG_RUNTIME_DIR!).isDirectory()).toBe(true);
  });
});
