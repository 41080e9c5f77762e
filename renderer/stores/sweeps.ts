// Sweeps: the list, the selected sweep with its trials and results, the queue's workers; refreshed as runs end.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { QueueStatus, SweepDetail, SweepPlan, SweepRecord, SweepSpec } from '../../shared/sweep.js';
import type { RunRecord } from '../../shared/run.js';
import type { DatasetInfo } from '../../shared/dataset.js';
import { validateDesign } from '../../shared/validate.js';
import { getBridge } from '../api.js';

/** The machine's measured speed: a completed run's training samples per second and its design's MACs per sample. */
export interface MeasuredSpeed {
  runName: string;
  samplesPerSec: number;
  macsPerSample: number;
}

export const useSweepsStore = defineStore('sweeps', () => {
  const list = ref<SweepRecord[]>([]);
  const selectedId = ref<string | null>(null);
  const detail = ref<SweepDetail | null>(null);
  const queue = ref<QueueStatus | null>(null);
  const error = ref<string | null>(null);
  let subscribed = false;
  let pending: ReturnType<typeof setTimeout> | null = null;

  const api = () => getBridge().api;
  const say = (e: unknown) => (error.value = e instanceof Error ? e.message : String(e));

  async function load(): Promise<void> {
    subscribe();
    try {
      const [all, q] = await Promise.all([api().listSweeps(), api().getQueueStatus()]);
      list.value = all;
      queue.value = q;
      if (!selectedId.value && all.length) selectedId.value = all[0].id;
      if (selectedId.value) detail.value = await api().getSweep(selectedId.value);
      error.value = null;
    } catch (e) {
      say(e);
    }
  }

  async function select(id: string): Promise<void> {
    selectedId.value = id;
    try {
      detail.value = await api().getSweep(id);
    } catch (e) {
      say(e);
    }
  }

  /** A refresh soon after runs end or a sweep changes (several events in a burst make one). */
  function refreshSoon(): void {
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      void load();
    }, 300);
  }

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    const bridge = getBridge();
    bridge.on('sweepStatus', refreshSoon);
    bridge.on('runStatus', (s) => {
      if (s.status !== 'queued' && s.status !== 'running' && list.value.some((x) => x.status === 'running')) refreshSoon();
      else if (s.status === 'running' && detail.value?.trials.some((t) => t.runId === s.runId)) refreshSoon();
    });
  }

  async function plan(spec: SweepSpec): Promise<SweepPlan> {
    return api().planSweep(spec);
  }

  async function start(spec: SweepSpec): Promise<SweepRecord> {
    const s = await api().startSweep(spec);
    selectedId.value = s.id;
    await load();
    return s;
  }

  async function act(verb: 'pause' | 'resume' | 'cancel', id: string): Promise<void> {
    try {
      if (verb === 'pause') await api().pauseSweep(id);
      else if (verb === 'resume') await api().resumeSweep(id);
      else await api().cancelSweep(id);
      await load();
    } catch (e) {
      say(e);
    }
  }

  /** From the latest completed run with a speed on record (null: nothing measured yet). */
  async function measuredSpeed(runs: RunRecord[], datasetOf: (id: string) => DatasetInfo | undefined): Promise<MeasuredSpeed | null> {
    const done = runs.filter((r) => r.status === 'completed').slice(0, 5);
    if (done.length === 0) return null;
    const curves = await api().getRunCurves({ runIds: done.map((r) => r.id), metrics: ['samples_per_sec'] });
    for (const c of curves) {
      const values = c.curves.flatMap((x) => x.values).filter((v): v is number => v !== null && v > 0);
      const run = done.find((r) => r.id === c.runId)!;
      const infos = run.config.datasets.map(datasetOf).filter((d): d is DatasetInfo => !!d);
      const macs = infos.length ? validateDesign(run.config.design, infos).totals.macs : 0;
      if (values.length && macs > 0) return { runName: run.name, samplesPerSec: values.reduce((a, b) => a + b, 0) / values.length, macsPerSample: macs };
    }
    return null;
  }

  return { list, selectedId, detail, queue, error, load, select, plan, start, act, measuredSpeed };
});
