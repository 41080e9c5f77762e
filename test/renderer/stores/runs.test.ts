// @vitest-environment happy-dom
// The runs store under a flood of pushed events: the page state updates at most 4 times a second,
// nothing is lost or doubled, and status changes reach the list.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { watch } from 'vue';
import type { WorkbenchApi, WorkbenchEvents, EventName } from '../../../shared/api.js';
import type { MetricRow, RunRecord } from '../../../shared/run.js';
import { setBridge, type Bridge } from '../../../renderer/api.js';
import { useRunsStore, FLUSH_INTERVAL_MS } from '../../../renderer/stores/runs.js';
import { run as makeRun } from '../../compare/fixtures.js';

/** An in-memory transport: the events are pushed by the test, the API answers from a list. */
function memoryBridge(records: RunRecord[], stored: Record<string, MetricRow[]>) {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api = {
    listRuns: async () => records.map((r) => ({ ...r })),
    getRun: async (id: string) => ({ ...records.find((r) => r.id === id)! }),
    getRunMetrics: async (id: string) => stored[id] ?? [],
  } as unknown as WorkbenchApi;
  const bridge: Bridge = {
    api,
    transport: 'web',
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener as (p: unknown) => void);
      return () => listeners.get(event)!.delete(listener as (p: unknown) => void);
    },
  };
  const push = <E extends EventName>(event: E, payload: WorkbenchEvents[E]) => listeners.get(event)?.forEach((l) => l(payload));
  return { bridge, push };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runs store: live events', () => {
  let records: RunRecord[];
  beforeEach(() => {
    setActivePinia(createPinia());
    records = [makeRun('r1', { status: 'running', startedAt: new Date().toISOString() })];
  });

  it('applies a flood of progress and metric events in few, throttled updates, without loss or duplicates', async () => {
    const stored: Record<string, MetricRow[]> = {
      r1: [{ runId: 'r1', epoch: 1, step: 10, split: 'train', task: 'a', metric: 'loss', value: 1 }],
    };
    const { bridge, push } = memoryBridge(records, stored);
    setBridge(bridge);
    const store = useRunsStore();
    await store.load();
    await store.select('r1');
    let updates = 0;
    watch(() => store.live.r1, () => updates++);

    const start = performance.now();
    // 1,000 progress events and 50 epochs of rows over ~1 s (far above any screen's refresh rate),
    // with the first epoch's row sent again (it was already loaded from the store).
    push('runMetrics', { runId: 'r1', rows: stored.r1 });
    for (let i = 1; i <= 1000; i++) {
      push('runProgress', { runId: 'r1', epoch: 1 + Math.floor(i / 20), epochs: 51, step: i % 20, stepsPerEpoch: 20, samplesPerSec: 100 + i, etaSec: 1000 - i, losses: { a: 1 / i, total: 1 / i } });
      if (i % 20 === 0) push('runMetrics', { runId: 'r1', rows: [{ runId: 'r1', epoch: 1 + i / 20, step: i, split: 'train', task: 'a', metric: 'loss', value: 1 / i }] });
      if (i % 10 === 0) await sleep(10);
    }
    await sleep(FLUSH_INTERVAL_MS * 2);
    const elapsed = performance.now() - start;

    const live = store.live.r1;
    expect(live.rows).toHaveLength(51); // 1 stored + 50 new, the repeated one once
    expect(live.progress?.samplesPerSec).toBe(1100); // the latest
    expect(live.batches).toHaveLength(1000);
    expect(live.batches.at(-1)!.losses.a).toBeCloseTo(1 / 1000, 12);
    // At most one update per 250 ms (plus the first), however many events came.
    expect(updates).toBeLessThanOrEqual(Math.ceil(elapsed / FLUSH_INTERVAL_MS) + 1);
    expect(updates).toBeGreaterThanOrEqual(2);
  });

  it('moves a run to its new status when the status event arrives', async () => {
    const { bridge, push } = memoryBridge(records, {});
    setBridge(bridge);
    const store = useRunsStore();
    await store.load();
    records[0] = { ...records[0], status: 'stopped', finishedAt: new Date().toISOString() };
    push('runStatus', { runId: 'r1', status: 'stopped' });
    await sleep(FLUSH_INTERVAL_MS * 2);
    expect(store.byId('r1')?.status).toBe('stopped');
    expect(store.byId('r1')?.finishedAt).not.toBeNull(); // the record was read again
  });

  it('filters, searches and sorts the list', async () => {
    records = [
      makeRun('a', { name: 'alpha', weighting: 'ew', tags: ['keep'], createdAt: '2025-01-01T00:00:00Z' }),
      makeRun('b', { name: 'beta', weighting: 'pcgrad', status: 'failed', createdAt: '2025-01-02T00:00:00Z' }),
      makeRun('c', { name: 'gamma', weighting: 'ew', baselineOf: 'a', baselineTask: 'y1', createdAt: '2025-01-03T00:00:00Z' }),
    ];
    setBridge(memoryBridge(records, {}).bridge);
    const store = useRunsStore();
    await store.load();
    expect(store.visible.map((r) => r.id)).toEqual(['b', 'a']); // newest first, baselines hidden
    store.showBaselines = true;
    expect(store.visible.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    store.strategyFilter = 'ew';
    expect(store.visible.map((r) => r.id)).toEqual(['c', 'a']);
    store.strategyFilter = '';
    store.search = 'KEEP';
    expect(store.visible.map((r) => r.id)).toEqual(['a']);
    store.search = '';
    store.statusFilter = 'failed';
    expect(store.visible.map((r) => r.id)).toEqual(['b']);
    store.statusFilter = '';
    store.sortBy('name');
    expect(store.visible.map((r) => r.name)).toEqual(['alpha', 'beta', 'gamma']);
    store.sortBy('name');
    expect(store.visible.map((r) => r.name)).toEqual(['gamma', 'beta', 'alpha']);
  });
});
