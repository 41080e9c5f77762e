// Opens the workbench for one CLI command on the chosen data folder and closes it afterwards.
import { resolveHome } from '../paths.js';
import { createWorkbench, type Workbench } from '../services/workbench.js';

export interface CommonOptions {
  home?: string;
  json?: boolean;
}

export async function withWorkbench<T>(opts: CommonOptions, fn: (wb: Workbench) => Promise<T>): Promise<T> {
  const home = resolveHome({ argv: opts.home ? ['--home', opts.home] : [] });
  const wb = createWorkbench({ home, transport: 'in-process' });
  try {
    return await fn(wb);
  } finally {
    await wb.close();
  }
}

/** A run id or a unique prefix of one (as shown by `runs list`). */
export async function resolveRunId(wb: Workbench, idOrPrefix: string): Promise<string> {
  const all = await wb.api.listRuns({ includeBaselines: true });
  if (all.some((r) => r.id === idOrPrefix)) return idOrPrefix;
  const matches = all.filter((r) => r.id.startsWith(idOrPrefix));
  if (matches.length === 1) return matches[0].id;
  if (matches.length > 1) throw Object.assign(new Error(`Run id prefix '${idOrPrefix}' matches ${matches.length} runs; give more characters.`), { code: 'invalid-argument' });
  return idOrPrefix; // let the API say it does not exist
}
