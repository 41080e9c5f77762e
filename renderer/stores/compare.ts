// Compare: which runs, against which baseline, and everything drawn from them. Loads each run's record
// and metric rows (finished runs are cached), finds the baselines, and runs the shared computation
// (shared/compare) here, so the curves and the table come from the same rows.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CompareResult } from '../../shared/compare.js';
import type { MetricRow, RunRecord } from '../../shared/run.js';
import { computeComparison } from '../../shared/compare/compute.js';
import { curvesOf, type CurvePoint } from '../../shared/compare/curves.js';
import { getBridge } from '../api.js';

/** 'auto' = the single-task baselines trained for the compared runs; otherwise a run id. */
export type BaselineChoice = 'auto' | string;

const LIVE = new Set(['queued', 'running']);

export interface CompareTiming {
  /** Request sent -> records and metrics in hand. */
  fetchMs: number;
  /** computeComparison + curve indexing. */
  computeMs: number;
  /** Request sent -> every chart drawn (set by the view). */
  drawnMs: number | null;
}

export const useCompareStore = defineStore('compare', () => {
  const runIds = ref<string[]>([]);
  const baselineChoice = ref<BaselineChoice>('auto');
  const smoothing = ref(0);
  const runs = shallowRef<RunRecord[]>([]);
  const baselines = shallowRef<RunRecord[]>([]);
  /** Every run the user may pick as a baseline or add to the comparison. */
  const candidates = shallowRef<RunRecord[]>([]);
  const metrics = shallowRef<Record<string, MetricRow[]>>({});
  const curves = shallowRef<Record<string, Map<string, CurvePoint[]>>>({});
  const result = shallowRef<CompareResult | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** Requested run ids that no longer exist. */
  const missing = ref<string[]>([]);
  const timing = ref<CompareTiming | null>(null);
  const startedAt = ref(0);
  let generation = 0;

  const cache = new Map<string, { rows: MetricRow[]; final: boolean }>();
  const api = () => getBridge().api;

  async function rowsOf(run: RunRecord): Promise<MetricRow[]> {
    const hit = cache.get(run.id);
    if (hit?.final) return hit.rows;
    const rows = await api().getRunMetrics(run.id);
    cache.set(run.id, { rows, final: !LIVE.has(run.status) });
    return rows;
  }

  /** Display names, unique: a repeated name gets its seed (or id) added. */
  const labels = computed<Record<string, string>>(() => {
    const count = new Map<string, number>();
    for (const r of runs.value) count.set(r.name, (count.get(r.name) ?? 0) + 1);
    const out: Record<string, string> = {};
    const used = new Set<string>();
    for (const r of runs.value) {
      let label = r.name;
      if ((count.get(r.name) ?? 0) > 1) label = `${r.name} · seed ${r.seed}`;
      if (used.has(label)) label = `${r.name} · ${r.id.slice(0, 6)}`;
      used.add(label);
      out[r.id] = label;
    }
    return out;
  });

  async function load(ids: string[] = runIds.value): Promise<void> {
    const gen = ++generation;
    runIds.value = ids;
    startedAt.value = performance.now();
    loading.value = true;
    error.value = null;
    try {
      const all = await api().listRuns({ includeBaselines: true });
      if (gen !== generation) return;
      candidates.value = all;
      const byId = new Map(all.map((r) => [r.id, r]));
      const chosen = ids.map((id) => byId.get(id)).filter((r): r is RunRecord => !!r);
      const gone = ids.filter((id) => !byId.has(id));
      let base: RunRecord[];
      if (baselineChoice.value === 'auto') {
        const set = new Set(chosen.map((r) => r.id));
        base = all.filter((r) => r.baselineOf !== null && set.has(r.baselineOf));
      } else {
        const b = byId.get(baselineChoice.value);
        base = b ? [b] : [];
      }
      const need = [...new Map([...chosen, ...base].map((r) => [r.id, r])).values()];
      const rows = await Promise.all(need.map(rowsOf));
      if (gen !== generation) return;
      const byRun: Record<string, MetricRow[]> = {};
      need.forEach((r, i) => (byRun[r.id] = rows[i]));
      const fetched = performance.now();

      const idx: Record<string, Map<string, CurvePoint[]>> = {};
      for (const r of need) idx[r.id] = curvesOf(byRun[r.id]);
      const res = computeComparison({ runs: chosen, metrics: byRun, baselines: base, baselineMetrics: byRun, curves: idx });
      runs.value = chosen;
      baselines.value = base;
      metrics.value = byRun;
      curves.value = idx;
      result.value = res;
      timing.value = { fetchMs: fetched - startedAt.value, computeMs: performance.now() - fetched, drawnMs: null };
      missing.value = gone;
    } catch (e) {
      if (gen === generation) error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (gen === generation) loading.value = false;
    }
  }

  async function setBaseline(choice: BaselineChoice): Promise<void> {
    baselineChoice.value = choice;
    await load();
  }

  function markDrawn(): void {
    if (timing.value && timing.value.drawnMs === null) timing.value = { ...timing.value, drawnMs: performance.now() - startedAt.value };
  }

  return {
    runIds, baselineChoice, smoothing, runs, baselines, candidates, metrics, curves, result, loading, error, missing, timing, labels,
    load, setBaseline, markDrawn,
  };
});
