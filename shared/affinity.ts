// Task affinity (Fifty et al., "Efficiently Identifying Task Groupings for Multi-Task Learning", NeurIPS 2021,
// TAG): the lookahead inter-task affinity Z_{i→j} = 1 − L_j(θ_s − η∇_{θ_s}L_i) / L_j(θ_s), measured on one
// batch every N steps (their Eq. 1–2); positive where a step on task i's gradient alone also lowers task j's
// loss. Here: its metric rows, its cost before a run, the best grouping by exhaustive search, and the grouped
// design. Pure TypeScript (the engine measures it in electron/engine/train/affinity.ts).
import type { DatasetInfo } from './dataset.js';
import type { Design, DesignEdge, DesignNode } from './design.js';
import type { RunConfig } from './run.js';
import { HEAD_KIND, INPUT_KIND } from './design.js';
import { headKeys } from './heads.js';
import { stepsPerEpoch } from './run-estimate.js';

/** Metric rows: split 'diagnostics', task `${from}>${to}`, metric 'affinity' (epoch mean of the measurements). */
export const AFFINITY_METRIC = 'affinity';
export const affinityPair = (from: string, to: string): string => `${from}>${to}`;
export function parseAffinityPair(task: string): { from: string; to: string } | null {
  const i = task.indexOf('>');
  return i > 0 && i < task.length - 1 ? { from: task.slice(0, i), to: task.slice(i + 1) } : null;
}

export interface AffinityConfig {
  /** Measure every N training steps. */
  every: number;
  /** Lookahead step size η (default: the run's learning rate at that step). */
  lr?: number;
}

export interface AffinityCost {
  /** Measurements over the run. */
  measurements: number;
  /** Extra work per measurement in units of one training step of equal-weight MTL (forward + backward). */
  stepsPerMeasurement: number;
  /** Extra training time, as a share of the run's training steps. */
  overhead: number;
  /** English sentence for logs and the CLI. */
  text: string;
}

/**
 * The cost of measuring affinity: per measurement K backward passes (one per task, on the shared part) and
 * K + 1 forward passes (the base losses and one lookahead per task). A forward pass counts as 1/3 of a training
 * step and a backward as 2/3 (the usual 1:2 ratio), so one measurement ≈ (K·2 + K + 1)/3 steps.
 */
export function affinityCost(tasks: number, every: number, stepsPerEpoch: number, epochs: number): AffinityCost {
  const totalSteps = stepsPerEpoch * epochs;
  const measurements = Math.floor(totalSteps / every);
  const stepsPerMeasurement = (2 * tasks + tasks + 1) / 3;
  const overhead = totalSteps > 0 ? (measurements * stepsPerMeasurement) / totalSteps : 0;
  const text =
    `Task affinity every ${every} steps: ${measurements} measurements of ${tasks} backward + ${tasks + 1} forward passes ` +
    `(≈ ${stepsPerMeasurement.toFixed(1)} training steps each), about +${Math.round(overhead * 100)}% training time`;
  return { measurements, stepsPerMeasurement, overhead, text };
}

/** The cost of a run's affinity measurements (null where it asks for none), from its datasets' training rows. */
export function affinityCostOf(config: RunConfig, datasets: DatasetInfo[]): AffinityCost | null {
  if (!config.affinity) return null;
  const steps = stepsPerEpoch(config, datasets);
  const tasks = config.design.nodes.filter((n) => n.kind === HEAD_KIND).length;
  return affinityCost(tasks, config.affinity.every, steps, config.epochs);
}

export interface Grouping {
  /** Task indices per group. */
  groups: number[][];
  /** Σ over tasks of the mean affinity onto the task from the other members of its group (0 alone). */
  score: number;
}

/** The score of a partition: Σ_j mean_{i ∈ group(j), i ≠ j} Z[i][j] (TAG's total inter-task affinity). */
export function groupingScore(z: number[][], groups: number[][]): number {
  let score = 0;
  for (const g of groups) {
    if (g.length < 2) continue;
    for (const j of g) score += g.reduce((s, i) => (i === j ? s : s + z[i][j]), 0) / (g.length - 1);
  }
  return score;
}

export const MAX_EXHAUSTIVE_TASKS = 9;

/**
 * The best partition of the tasks into exactly g groups, for every g = 1..K, by enumerating all set
 * partitions (Bell(9) = 21,147 for nine tasks). Affinities that are NaN (never measured) count as 0.
 */
export function bestGroupings(z: number[][]): Grouping[] {
  const k = z.length;
  if (k > MAX_EXHAUSTIVE_TASKS) throw new Error(`Task grouping: ${k} tasks is more than the ${MAX_EXHAUSTIVE_TASKS} an exhaustive search covers`);
  const m = z.map((row) => row.map((x) => (Number.isFinite(x) ? x : 0)));
  const best: (Grouping | null)[] = new Array(k + 1).fill(null);
  const label = new Array<number>(k).fill(0);
  const visit = (i: number, used: number) => {
    if (i === k) {
      const groups = Array.from({ length: used }, (_, g) => label.map((l, t) => (l === g ? t : -1)).filter((t) => t >= 0));
      const score = groupingScore(m, groups);
      const cur = best[used];
      if (!cur || score > cur.score + 1e-12) best[used] = { groups, score };
      return;
    }
    for (let g = 0; g <= used && g < k; g++) {
      label[i] = g;
      visit(i + 1, Math.max(used, g + 1));
    }
  };
  if (k > 0) visit(0, 0);
  return best.slice(1).filter((g): g is Grouping => g !== null);
}

/** The grouping to suggest: the highest score over every number of groups (fewer groups on a tie). */
export function suggestGrouping(z: number[][]): Grouping | null {
  const all = bestGroupings(z);
  return all.reduce<Grouping | null>((b, g) => (!b || g.score > b.score + 1e-9 ? g : b), null);
}

/** Mean over epochs of each directed pair's affinity: z[i][j] for tasks in `tasks` order (NaN if none). */
export function affinityMatrix(tasks: string[], rows: { task: string; metric: string; value: number }[]): number[][] {
  const sum = tasks.map(() => tasks.map(() => 0));
  const n = tasks.map(() => tasks.map(() => 0));
  const index = new Map(tasks.map((t, i) => [t, i]));
  for (const r of rows) {
    if (r.metric !== AFFINITY_METRIC) continue;
    const p = parseAffinityPair(r.task);
    const i = p ? index.get(p.from) : undefined;
    const j = p ? index.get(p.to) : undefined;
    if (i === undefined || j === undefined || !Number.isFinite(r.value)) continue;
    sum[i][j] += r.value;
    n[i][j]++;
  }
  return sum.map((row, i) => row.map((s, j) => (n[i][j] > 0 ? s / n[i][j] : NaN)));
}

/**
 * One network per group: every non-Input node a group's heads depend on is copied for that group (ids get
 * `~g<n>`), the heads attach to their group's copy, Inputs stay shared (they hold no weights). Groups name
 * head keys (as in metric rows); a head in no group is left out. Throws naming a key no head has.
 */
export function groupedDesign(design: Design, groups: string[][]): Design {
  const heads = design.nodes.filter((n) => n.kind === HEAD_KIND);
  const keys = headKeys(heads.map((h) => ({ id: h.id, dataset: String(h.params.dataset ?? ''), task: String(h.params.task ?? '') })));
  const headOf = new Map(keys.map((k, i) => [k, heads[i]]));
  for (const g of groups) for (const key of g) if (!headOf.has(key)) throw new Error(`Grouped design: no task head has the key '${key}' (heads: ${keys.join(', ')})`);
  const byId = new Map(design.nodes.map((n) => [n.id, n]));
  const into = new Map<string, DesignEdge[]>();
  for (const e of design.edges) into.set(e.target, [...(into.get(e.target) ?? []), e]);
  const ancestors = (id: string, seen = new Set<string>()): Set<string> => {
    for (const e of into.get(id) ?? []) if (!seen.has(e.source)) ancestors(e.source, seen.add(e.source));
    return seen;
  };
  const nodes: DesignNode[] = design.nodes.filter((n) => n.kind === INPUT_KIND);
  const edges: DesignEdge[] = [];
  const height = Math.max(200, ...design.nodes.map((n) => n.position.y)) + 120;
  const placedHeads = new Map<string, DesignNode>();
  groups.forEach((g, gi) => {
    const members = g.map((key) => headOf.get(key)!);
    const needed = new Set<string>();
    for (const h of members) for (const id of ancestors(h.id)) needed.add(id);
    const rename = (id: string) => (byId.get(id)?.kind === INPUT_KIND || members.some((h) => h.id === id) ? id : `${id}~g${gi}`);
    for (const id of needed) {
      const n = byId.get(id)!;
      if (n.kind === INPUT_KIND) continue;
      nodes.push({ ...n, id: rename(id), params: JSON.parse(JSON.stringify(n.params)) as Record<string, unknown>, position: { x: n.position.x, y: n.position.y + gi * height } });
    }
    for (const h of members) placedHeads.set(h.id, { ...h, position: { x: h.position.x, y: h.position.y + gi * height } });
    for (const e of design.edges) {
      if (!(needed.has(e.target) || members.some((h) => h.id === e.target))) continue;
      edges.push({ ...e, id: `${e.id}~g${gi}`, source: rename(e.source), target: rename(e.target) });
    }
  });
  for (const h of heads) if (placedHeads.has(h.id)) nodes.push(placedHeads.get(h.id)!); // the design's head order (run order)
  const label = groups.map((g) => g.join('+')).join(' | ');
  return { ...design, name: `${design.name} · grouped (${label})`, nodes, edges };
}
