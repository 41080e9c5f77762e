// Shared by the dataset tests: an in-memory DatasetRepo, temp folders, folder snapshots.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { DatasetRepo } from '../../electron/datasets/types.js';

export class MemoryRepo implements DatasetRepo {
  readonly rows = new Map<string, DatasetInfo>();
  insert(info: DatasetInfo): void {
    if (this.rows.has(info.id)) throw new Error(`duplicate ${info.id}`);
    this.rows.set(info.id, structuredClone(info));
  }
  get(id: string): DatasetInfo | undefined {
    const r = this.rows.get(id);
    return r && structuredClone(r);
  }
  list(): DatasetInfo[] {
    return [...this.rows.values()].map((r) => structuredClone(r));
  }
  delete(id: string): void {
    this.rows.delete(id);
  }
}

export function tempDir(prefix = 'mtlw-ds-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every path under `dir` (relative) with its size; [] when it does not exist. */
export function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try { names = readdirSync(d); } catch { return; }
    for (const n of names.sort()) {
      const p = path.join(d, n);
      const st = statSync(p);
      out.push(`${path.relative(dir, p)}:${st.isDirectory() ? 'dir' : st.size}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

/** An env with no local copies configured and no system datasets folder. */
export function isolatedEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return { MTLW_SYSTEM_DATASETS_DIR: '/nonexistent-mtlw-system-datasets', ...extra };
}
