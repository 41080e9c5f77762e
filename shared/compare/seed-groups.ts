// Runs that differ only in seed (and in name, tags or whether baselines were also trained) form a group;
// the table shows mean ± std over each group of two or more.
import type { RunConfig } from '../run.js';
import { flatten, stableJson } from './flatten.js';
import { isIgnoredPath } from './config-diff.js';

const NOT_PART_OF_THE_EXPERIMENT = new Set(['seed', 'name', 'tags', 'baselines']);

export function seedGroupKey(config: RunConfig): string {
  const flat = flatten(config);
  const kept: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    if (NOT_PART_OF_THE_EXPERIMENT.has(path) || isIgnoredPath(path)) continue;
    kept[path] = value;
  }
  return stableJson(kept);
}

/** Every group in first-seen order, singletons included. */
export function groupBySeed(runs: readonly { id: string; config: RunConfig }[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const run of runs) {
    const key = seedGroupKey(run.config);
    const g = groups.get(key);
    if (g) g.push(run.id);
    else groups.set(key, [run.id]);
  }
  return [...groups.values()];
}
