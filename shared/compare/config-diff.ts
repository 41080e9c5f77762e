// The config keys whose values differ between runs: dotted path -> value per run (null where absent).
// Left out: the run's name and the nodes' canvas positions, which say nothing about training.
import type { RunConfig } from '../run.js';
import { flatten, stableJson } from './flatten.js';

const IGNORED = [/^name$/, /^design\.nodes\.[^.]+\.position(\.|$)/];

export function isIgnoredPath(path: string): boolean {
  return IGNORED.some((re) => re.test(path));
}

export function configDiff(runs: readonly { id: string; config: RunConfig }[]): Record<string, Record<string, unknown>> {
  const flat = runs.map((r) => ({ id: r.id, paths: flatten(r.config) }));
  const allPaths = new Set<string>();
  for (const f of flat) for (const p of Object.keys(f.paths)) if (!isIgnoredPath(p)) allPaths.add(p);
  const diff: Record<string, Record<string, unknown>> = {};
  for (const path of [...allPaths].sort()) {
    const values = flat.map((f) => (path in f.paths ? f.paths[path] : null));
    const first = stableJson(values[0]);
    if (values.every((v) => stableJson(v) === first)) continue;
    diff[path] = Object.fromEntries(flat.map((f, i) => [f.id, values[i]]));
  }
  return diff;
}
