// Compare: which runs, against which baseline, and everything drawn from them. Loads the run records (each with
// its summary: the epoch selected on validation and the values at it) and, at the same time, the runs' curves
// in compact form (getRunCurves: one value per epoch, one request for all runs; validation and test first,
// train when shown; ended runs are cached), then the baselines' curves. The table is computeComparison over
// the records: the same function the compareRuns verb runs.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CompareResult, CurveData, CurvesRequest } from '../../shared/compare/types.js';
import { isLive, type RunRecord } from '../../shared/run.js';
import { computeComparison } from '../../shared/compare/compute.js';
import { curveKey } from '../../shared/compare/curves.js';
import { getBridge } from '../api.js';
import { i18n } from '../i18n/index.js';
import { runName } from '../components/runs/run-name.js';

/** 'auto' = the single-task baselines trained for the compared runs; otherwise a run id. */
export type BaselineChoice = 'auto' | string;


export interface CompareTiming {
  /** Request sent -> records and curves in hand. */
  fetchMs: number;
  /** computeComparison over the records' summaries. */
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
  /** Per run: curveKey(split, task, metric) -> the curve, compact (values by epoch). */
  const curves = shallowRef<Record<string, Map<string, CurveData>>>({});
  const result = shallowRef<CompareResult | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** Requested run ids that no longer exist. */
  const missing = ref<string[]>([]);
  const timing = ref<CompareTiming | null>(null);
  const startedAt = ref(0);
  let generation = 0;

  type Split = NonNullable<CurvesRequest['splits']>[number];
  /**
   * Per run: its curves by curveKey (compact, as they came), the splits fetched and those it has, and whether
   * it ended (then what was fetched stays valid).
   */
  interface Entry { curves: Map<string, CurveData>; loaded: Set<Split>; available: Split[]; final: boolean }
  const cache = new Map<string, Entry>();
  const api = () => getBridge().api;

  /**
   * The splits fetched up front: the table's (test, else validation) and the curves' default. Train is fetched
   * when the curves show it, or for a run that has no other split.
   */
  const FIRST: Split[] = ['validation', 'test'];

  /** Fetches these splits of these runs' curves (one request) into the cache; the runs must exist. */
  async function fetchCurves(ids: string[], splits: Split[] = FIRST): Promise<void> {
    if (ids.length === 0) return;
    for (const rc of await api().getRunCurves({ runIds: ids, splits })) {
      const old = cache.get(rc.runId);
      const final = !isLive(rc.status);
      // adding splits to an ended run's entry; a live run's entry starts again (its curves have grown)
      const entry: Entry = old?.final && final ? old : { curves: new Map(), loaded: new Set(), available: rc.splits, final };
      for (const c of rc.curves) entry.curves.set(curveKey(c.split, c.task, c.metric), c);
      for (const sp of splits) entry.loaded.add(sp);
      entry.available = rc.splits;
      cache.set(rc.runId, entry);
    }
  }
  const fresh = (id: string) => {
    const e = cache.get(id);
    return e !== undefined && e.final && FIRST.every((sp) => e.loaded.has(sp));
  };

  /** The splits each compared run has curves on (the curves' split choice). */
  const availableSplits = shallowRef<Record<string, Split[]>>({});

  /** Makes sure a split's curves are in for every run shown (the curves panel asks when it shows that split). */
  async function ensureSplit(split: Split): Promise<void> {
    const gen = generation;
    const lacking = runs.value.map((r) => r.id).filter((id) => {
      const e = cache.get(id);
      return e !== undefined && !e.loaded.has(split) && e.available.includes(split);
    });
    if (lacking.length === 0) return;
    try {
      await fetchCurves(lacking, [split]);
    } catch (e) {
      if (gen === generation) error.value = e instanceof Error ? e.message : String(e);
      return;
    }
    if (gen !== generation) return; // a newer load has replaced what is shown
    const next = { ...curves.value };
    for (const id of lacking) if (cache.has(id)) next[id] = cache.get(id)!.curves;
    curves.value = next;
  }

  /** Display names, unique: a repeated name gets its seed (or id) added. */
  const labels = computed<Record<string, string>>(() => {
    const count = new Map<string, number>();
    for (const r of runs.value) count.set(r.name, (count.get(r.name) ?? 0) + 1);
    const out: Record<string, string> = {};
    const used = new Set<string>();
    for (const r of runs.value) {
      const name = runName(r);
      let label = name;
      if ((count.get(r.name) ?? 0) > 1) label = `${name} · ${i18n.global.t('runs.live.seed', { seed: r.seed })}`;
      if (used.has(label)) label = `${name} · ${r.id.slice(0, 6)}`;
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
      // The records and the curves of the runs asked for, at once (a run that is gone fails the second
      // request: its curves are then read below, once the records say which runs exist).
      const early = [...new Set([...ids, ...(baselineChoice.value === 'auto' ? [] : [baselineChoice.value])])].filter((id) => !fresh(id));
      const [all, earlyDone] = await Promise.all([
        api().listRuns({ includeBaselines: true }),
        fetchCurves(early).then(() => true, () => false),
      ]);
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
      const fetchedEarly = new Set(earlyDone ? early : []);
      await fetchCurves(need.map((r) => r.id).filter((id) => !fetchedEarly.has(id) && !fresh(id)));
      if (gen !== generation) return;

      // A run with no curves on validation or test is drawn from train: fetch that too.
      const trainOnly = need.filter((r) => {
        const e = cache.get(r.id)!;
        return !e.loaded.has('train') && e.available.includes('train') && !FIRST.some((sp) => e.available.includes(sp));
      });
      await fetchCurves(trainOnly.map((r) => r.id), ['train']);
      if (gen !== generation) return;
      const fetched = performance.now();

      const idx: Record<string, Map<string, CurveData>> = {};
      const avail: Record<string, Split[]> = {};
      for (const r of need) {
        const entry = cache.get(r.id)!;
        idx[r.id] = entry.curves;
        avail[r.id] = entry.available;
      }
      const res = computeComparison({ runs: chosen, baselines: base });
      runs.value = chosen;
      baselines.value = base;
      curves.value = idx;
      availableSplits.value = avail;
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
    runIds, baselineChoice, smoothing, runs, baselines, candidates, curves, availableSplits, result, loading, error, missing, timing, labels, startedAt,
    load, setBaseline, markDrawn, ensureSplit,
  };
});
