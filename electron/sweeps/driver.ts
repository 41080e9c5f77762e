// The sweep driver: in the process that drives a sweep, dispatches its trials as runs (one at a time on the
// local executor, a window of them on the queue), retries a trial whose run ended interrupted, settles runs
// left live by a dead driver, and ends the sweep when every trial's run has ended. Pause stops dispatching;
// cancel also stops its live runs. The state is the store's: another process may pause, resume or cancel.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { SweepRecord, SweepTrialRecord } from '../../shared/sweep.js';
import { trialConfig, trialLabel } from '../../shared/sweep.js';
import { LIVE_STATUSES, type RunStatus } from '../../shared/run.js';
import type { ServiceContext } from '../services/context.js';
import { runDatasets } from '../services/runs.js';
import { pidAlive } from '../store/runs.js';

const LIVE = new Set<string | null>(LIVE_STATUSES);
/** Runs per trial: the first and one retry when it ended interrupted. */
export const MAX_ATTEMPTS = 2;

export interface SweepDriverOptions {
  /** Runs of a queue sweep in Redis at once (default 16): pause takes effect after these. */
  queueWindow?: number;
  tickMs?: number;
}

export function createSweepDriver(ctx: ServiceContext, opts: SweepDriverOptions = {}) {
  const active = new Set<string>();
  const waiters = new Map<string, (() => void)[]>();
  let ticking = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let closing = false;

  const finishRun = (runId: string, status: Extract<RunStatus, 'stopped' | 'interrupted'>, error: string) => {
    ctx.liveRuns.delete(runId);
    if (ctx.store.runs.finish(runId, status, error)) ctx.events.emit('runStatus', { runId, status, error });
  };
  const ownedHere = (runId: string) => ctx.liveRuns.has(runId) || (ctx.queue?.tracks(runId) ?? false);

  const release = (id: string) => {
    active.delete(id);
    ctx.store.sweeps.releaseDriver(id);
    for (const w of waiters.get(id) ?? []) w();
    waiters.delete(id);
    if (active.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  async function dispatch(sweep: SweepRecord, t: SweepTrialRecord, queued: boolean): Promise<void> {
    const designs = sweep.spec.resolvedDesigns ?? [];
    const name = `${sweep.name} · ${trialLabel(t.overrides)}`;
    const config = trialConfig(sweep.spec, t.overrides, designs, name);
    const datasets = runDatasets(ctx, config);
    const runId = randomUUID();
    ctx.store.runs.insert({ id: runId, name, config, designName: config.design.name || 'Untitled design' });
    ctx.store.sweeps.assign(sweep.id, t.index, runId, queued);
    if (t.runId) ctx.store.sweeps.note(runId, `attempt ${t.attempts + 1}: run ${t.runId} ended ${t.runStatus}; trying again as ${runId}`);
    ctx.events.emit('runStatus', { runId, status: 'queued' });
    const job = { runId, config, datasets, dataDir: ctx.home };
    if (queued) {
      ctx.queue!.submit(job);
    } else {
      ctx.liveRuns.add(runId);
      ctx.store.sweeps.setWorker(runId, `local (${os.hostname()})`);
      (await ctx.executor()).submit(job);
    }
  }

  async function step(id: string): Promise<void> {
    const sweep = ctx.store.sweeps.get(id);
    if (!sweep) return release(id);
    const trials = ctx.store.sweeps.trials(id);
    const queued = sweep.executor === 'queue' && ctx.queue !== null;
    // runs left live by a driver that ended: adopted by the queue, else interrupted (and retried below)
    for (const t of trials) {
      if (!t.runId || !LIVE.has(t.runStatus) || ownedHere(t.runId)) continue;
      if (queued && ctx.store.sweeps.isQueueRun(t.runId)) {
        const run = ctx.store.runs.get(t.runId)!;
        ctx.queue!.adopt({ runId: run.id, config: run.config, datasets: runDatasets(ctx, run.config), dataDir: ctx.home });
      } else {
        finishRun(t.runId, 'interrupted', 'The process driving its sweep ended before the run finished; rows up to then are kept.');
      }
    }
    const live = trials.filter((t) => t.runId && LIVE.has(t.runStatus));
    if (sweep.status === 'cancelled') {
      for (const t of live) {
        if (ctx.liveRuns.has(t.runId!)) (await ctx.executor()).stop(t.runId!);
        else if (ctx.queue?.tracks(t.runId!)) ctx.queue.stop(t.runId!);
      }
      if (live.length === 0) release(id);
      return;
    }
    if (sweep.status === 'completed') return release(id);
    if (sweep.status === 'paused') return;
    const pending = trials.filter((t) => !t.runId || (t.runStatus === 'interrupted' && t.attempts < MAX_ATTEMPTS));
    const window = queued ? (opts.queueWindow ?? 16) : 1;
    for (const t of pending.slice(0, Math.max(0, window - live.length))) {
      try {
        await dispatch(sweep, t, queued);
      } catch (err) {
        console.error(`[sweeps] ${id}: trial ${t.index} could not start: ${(err as Error).message}`);
      }
    }
    if (pending.length === 0 && live.length === 0) {
      if (ctx.store.sweeps.setStatus(id, 'completed')) ctx.events.emit('sweepStatus', { sweepId: id, status: 'completed' });
      release(id);
    }
  }

  async function tick(): Promise<void> {
    if (closing) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = true;
    try {
      do {
        again = false;
        for (const id of [...active]) {
          if (ctx.closed || closing) return;
          try {
            await step(id);
          } catch (err) {
            console.error(`[sweeps] ${id}: ${(err as Error).message}`);
          }
        }
      } while (again && !ctx.closed);
    } finally {
      ticking = false;
    }
  }

  ctx.events.on('runStatus', (s) => {
    if (active.size > 0 && s.status !== 'queued' && s.status !== 'running') void tick();
  });

  return {
    /** Whether another live process drives the sweep (then only its status is changed here). */
    drivenElsewhere(id: string): boolean {
      if (active.has(id)) return false;
      const d = ctx.store.sweeps.driver(id);
      return d !== null && d.host === os.hostname() && d.pid !== process.pid && pidAlive(d.pid);
    },
    /** Drives the sweep from this process. */
    activate(id: string): void {
      if (active.has(id)) return void tick();
      active.add(id);
      ctx.store.sweeps.claimDriver(id);
      if (!timer) {
        timer = setInterval(() => void tick(), opts.tickMs ?? 1000);
        timer.unref();
      }
      void tick();
    },
    /** Drives every sweep left running by an earlier process (the app and `serve` at start). */
    resumeRunning(): void {
      for (const s of ctx.store.sweeps.list()) if (s.status === 'running' && !this.drivenElsewhere(s.id)) this.activate(s.id);
    },
    /** Resolves when this process stops driving the sweep (completed, or cancelled with no live run). */
    settled(id: string): Promise<void> {
      if (!active.has(id)) return Promise.resolve();
      return new Promise((resolve) => waiters.set(id, [...(waiters.get(id) ?? []), resolve]));
    },
    /** Stops driving; a local run it had started ends interrupted, so that resuming the sweep trains it again. */
    close(): void {
      closing = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      for (const id of [...active]) {
        for (const t of ctx.store.sweeps.trials(id)) {
          if (t.runId && ctx.liveRuns.has(t.runId)) finishRun(t.runId, 'interrupted', 'The workbench closed while the run was live; resuming the sweep trains it again.');
        }
        release(id);
      }
    },
  };
}

export type SweepDriver = ReturnType<typeof createSweepDriver>;
