// Runs: the list, launching and stopping, tags and notes, and the live state of running runs.
// The only place that calls the run API (besides the compare store's reads). Pushed events are buffered
// and flushed into reactive state at most 4 times a second on an animation frame, so the page stays
// smooth whatever the training step rate.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { RunFilter } from '../../shared/api.js';
import { LIVE_STATUSES, type MetricRow, type RunConfig, type RunProgress, type RunRecord, type RunStatus } from '../../shared/run.js';
import type { StrategyInfo } from '../../shared/strategies.js';
import { getBridge } from '../api.js';

export const LIVE = LIVE_STATUSES;
export const FLUSH_INTERVAL_MS = 250;
const MAX_BATCH_POINTS = 1500;

/** Everything drawn for one run in the live view. Arrays are replaced (not mutated) on each flush. */
export interface LiveRun {
  progress: RunProgress | null;
  rows: MetricRow[];
  /** Batch losses from progress events, per task and total. */
  batches: BatchPoint[];
  /** Flushes so far: lets charts and tests see that something changed. */
  version: number;
}

/** One progress event's batch losses: x = global step, e = epochs done (fractional), t = when it arrived (ms). */
export interface BatchPoint {
  x: number;
  e: number;
  t: number;
  losses: Record<string, number>;
}

export type SortKey = 'name' | 'status' | 'design' | 'dataset' | 'strategy' | 'backend' | 'duration' | 'created';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function durationSec(run: RunRecord, now = Date.now()): number | null {
  if (!run.startedAt) return null;
  const end = run.finishedAt ? Date.parse(run.finishedAt) : LIVE.includes(run.status) ? now : null;
  return end === null ? null : Math.max(0, (end - Date.parse(run.startedAt)) / 1000);
}

function rowKey(r: MetricRow): string {
  return `${r.split}\u001f${r.task}\u001f${r.metric}\u001f${r.epoch}\u001f${r.step}`;
}

export const useRunsStore = defineStore('runs', () => {
  const list = ref<RunRecord[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const strategies = ref<StrategyInfo[]>([]);
  const showBaselines = ref(false);

  // List controls.
  const search = ref('');
  const statusFilter = ref<RunStatus | ''>('');
  const strategyFilter = ref('');
  const datasetFilter = ref('');
  const sortKey = ref<SortKey>('created');
  const sortDesc = ref(true);
  /** The run open in the detail / live panel. */
  const selectedId = ref<string | null>(null);
  /** Runs ticked for Compare. */
  const checked = ref<string[]>([]);

  /** Live state per run id. shallowRef: replaced entries, one trigger per flush. */
  const live = shallowRef<Record<string, LiveRun>>({});
  const now = ref(Date.now());

  const api = () => getBridge().api;

  // ---- events, buffered ----------------------------------------------------------------------------
  const pendingProgress = new Map<string, RunProgress>();
  const pendingBatches = new Map<string, BatchPoint[]>();
  const pendingRows = new Map<string, MetricRow[]>();
  const pendingStatus = new Map<string, { status: RunStatus; error?: string }>();
  const seenRows = new Map<string, Set<string>>();
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let lastFlush = 0;
  let subscribed = false;

  function scheduleFlush(): void {
    if (flushTimer !== null) return;
    const wait = Math.max(0, FLUSH_INTERVAL_MS - (performance.now() - lastFlush));
    flushTimer = setTimeout(() => {
      const run = () => {
        flushTimer = null;
        flush();
      };
      if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) requestAnimationFrame(run);
      else run();
    }, wait);
  }

  function entry(next: Record<string, LiveRun>, id: string): LiveRun {
    const cur = next[id] ?? live.value[id] ?? { progress: null, rows: [], batches: [], version: 0 };
    const copy = { ...cur, version: cur.version + 1 };
    next[id] = copy;
    return copy;
  }

  function flush(): void {
    lastFlush = performance.now();
    now.value = Date.now();
    const next: Record<string, LiveRun> = {};
    for (const [id, p] of pendingProgress) entry(next, id).progress = p;
    for (const [id, b] of pendingBatches) {
      const e = entry(next, id);
      let batches = e.batches.concat(b);
      // Keep the chart light on long runs: halve the resolution of the older half.
      while (batches.length > MAX_BATCH_POINTS) {
        const half = Math.floor(batches.length / 2);
        batches = batches.slice(0, half).filter((_, i) => i % 2 === 0).concat(batches.slice(half));
      }
      e.batches = batches;
    }
    for (const [id, rows] of pendingRows) {
      const e = entry(next, id);
      e.rows = e.rows.concat(rows);
      // A new epoch: the list's best-per-task column follows.
      if (rows.some((r) => r.split !== 'diagnostics') && list.value.some((r) => r.id === id)) void refreshRun(id);
    }
    pendingProgress.clear();
    pendingBatches.clear();
    pendingRows.clear();
    if (Object.keys(next).length > 0) live.value = { ...live.value, ...next };

    if (pendingStatus.size > 0) {
      const changed = [...pendingStatus.entries()];
      pendingStatus.clear();
      let needsReload = false;
      list.value = list.value.map((r) => {
        const s = changed.find(([id]) => id === r.id)?.[1];
        return s ? { ...r, status: s.status, error: s.error ?? r.error } : r;
      });
      for (const [id, s] of changed) {
        if (!list.value.some((r) => r.id === id)) needsReload = true;
        else if (!LIVE.includes(s.status) || s.status === 'running') void refreshRun(id);
      }
      if (needsReload) void load();
    }
  }

  function acceptRows(id: string, rows: MetricRow[]): MetricRow[] {
    let seen = seenRows.get(id);
    if (!seen) seenRows.set(id, (seen = new Set()));
    const fresh: MetricRow[] = [];
    for (const r of rows) {
      const k = rowKey(r);
      if (seen.has(k)) continue;
      seen.add(k);
      fresh.push(r);
    }
    return fresh;
  }

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    const bridge = getBridge();
    bridge.on('runProgress', (p) => {
      pendingProgress.set(p.runId, p);
      const x = Math.max(0, p.epoch - 1) * Math.max(1, p.stepsPerEpoch) + p.step; // the global step (epochs count from 1)
      const list = pendingBatches.get(p.runId) ?? [];
      const steps = Math.max(1, p.stepsPerEpoch);
      list.push({ x, e: Math.max(0, p.epoch - 1) + Math.min(p.step, steps) / steps, t: Date.now(), losses: { ...p.losses } });
      pendingBatches.set(p.runId, list);
      scheduleFlush();
    });
    bridge.on('runMetrics', ({ runId, rows }) => {
      const fresh = acceptRows(runId, rows);
      if (fresh.length === 0) return;
      pendingRows.set(runId, (pendingRows.get(runId) ?? []).concat(fresh));
      scheduleFlush();
    });
    bridge.on('runStatus', ({ runId, status, error: err }) => {
      pendingStatus.set(runId, { status, error: err });
      scheduleFlush();
    });
  }

  // ---- list ------------------------------------------------------------------------------------------
  async function load(): Promise<void> {
    subscribe();
    loading.value = true;
    try {
      const filter: RunFilter = { includeBaselines: true };
      list.value = await api().listRuns(filter);
      error.value = null;
      loaded.value = true;
    } catch (e) {
      error.value = message(e);
    } finally {
      loading.value = false;
    }
  }

  async function refreshRun(id: string): Promise<void> {
    try {
      const r = await api().getRun(id);
      list.value = list.value.some((x) => x.id === id) ? list.value.map((x) => (x.id === id ? r : x)) : [r, ...list.value];
    } catch {
      /* deleted meanwhile */
    }
  }

  async function ensureStrategies(): Promise<StrategyInfo[]> {
    if (strategies.value.length === 0) strategies.value = await api().listStrategies();
    return strategies.value;
  }

  const byId = (id: string) => list.value.find((r) => r.id === id);

  const visible = computed(() => {
    const q = search.value.trim().toLowerCase();
    const rows = list.value.filter((r) => {
      if (!showBaselines.value && r.baselineOf) return false;
      if (statusFilter.value && r.status !== statusFilter.value) return false;
      if (strategyFilter.value && r.weighting !== strategyFilter.value) return false;
      if (datasetFilter.value && !r.datasetIds.includes(datasetFilter.value)) return false;
      if (q) {
        const hay = [r.name, r.designName, r.weighting, r.backend ?? '', r.notes, ...r.tags, r.id, r.baselineTask ?? ''].join(' ').toLowerCase();
        if (!hay.includes(q)) return false;
      }
      return true;
    });
    const key = sortKey.value;
    const val = (r: RunRecord): string | number => {
      switch (key) {
        case 'name': return r.name.toLowerCase();
        case 'status': return r.status;
        case 'design': return r.designName.toLowerCase();
        case 'dataset': return r.datasetIds.join(',');
        case 'strategy': return r.weighting;
        case 'backend': return r.backend ?? '';
        case 'duration': return durationSec(r, now.value) ?? -1;
        case 'created': return r.createdAt;
      }
    };
    const dir = sortDesc.value ? -1 : 1;
    return rows.slice().sort((a, b) => {
      const va = val(a);
      const vb = val(b);
      return (va < vb ? -1 : va > vb ? 1 : 0) * dir || (a.createdAt < b.createdAt ? 1 : -1);
    });
  });

  function sortBy(key: SortKey): void {
    if (sortKey.value === key) sortDesc.value = !sortDesc.value;
    else {
      sortKey.value = key;
      sortDesc.value = key === 'created' || key === 'duration';
    }
  }

  // ---- actions ---------------------------------------------------------------------------------------
  /** One startRun (the service makes one run per seed of config.seeds, all or none); returns every run id created (baselines included). */
  async function start(config: RunConfig): Promise<string[]> {
    subscribe();
    const { runIds: ids } = await api().startRun(config);
    await load();
    // The Runs view opens on the first new multi-task run (wherever the launch came from).
    const main = ids.find((id) => !byId(id)?.baselineOf) ?? ids[0];
    if (main) selectedId.value = main;
    return ids;
  }

  async function stop(id: string): Promise<void> {
    await api().stopRun(id);
  }

  async function remove(id: string): Promise<void> {
    await api().deleteRun(id);
    // Deleting a run deletes its single-task baselines too.
    list.value = list.value.filter((r) => r.id !== id && r.baselineOf !== id);
    checked.value = checked.value.filter((x) => x !== id);
    if (selectedId.value === id) selectedId.value = null;
    const { [id]: _, ...rest } = live.value;
    live.value = rest;
    seenRows.delete(id);
  }

  async function update(id: string, patch: { tags?: string[]; notes?: string; name?: string }): Promise<void> {
    const r = await api().updateRun(id, patch);
    list.value = list.value.map((x) => (x.id === id ? r : x));
  }

  async function rerun(id: string): Promise<string[]> {
    const run = byId(id) ?? (await api().getRun(id));
    return start({ ...run.config });
  }

  /** Opens a run in the detail panel: loads its stored metrics, then live events add to them. */
  async function select(id: string | null): Promise<void> {
    selectedId.value = id;
    if (!id) return;
    subscribe();
    try {
      const rows = await api().getRunMetrics(id);
      const seen = new Set(rows.map(rowKey));
      const cur = live.value[id];
      // Rows that arrived by event while the request ran are kept once.
      const extra = (cur?.rows ?? []).filter((r) => !seen.has(rowKey(r)));
      for (const r of extra) seen.add(rowKey(r));
      seenRows.set(id, seen);
      live.value = {
        ...live.value,
        [id]: { progress: cur?.progress ?? null, rows: rows.concat(extra), batches: cur?.batches ?? [], version: (cur?.version ?? 0) + 1 },
      };
    } catch (e) {
      error.value = message(e);
    }
  }

  function toggleChecked(id: string): void {
    checked.value = checked.value.includes(id) ? checked.value.filter((x) => x !== id) : [...checked.value, id];
  }

  function touch(): void {
    now.value = Date.now();
    triggerRef(live);
  }

  return {
    list, loading, loaded, error, strategies, showBaselines,
    search, statusFilter, strategyFilter, datasetFilter, sortKey, sortDesc, selectedId, checked,
    live, now, visible,
    load, refreshRun, ensureStrategies, byId, sortBy, start, stop, remove, update, rerun, select, toggleChecked, touch,
  };
});
