// Sweep verbs: plan, start, list, show, pause, resume, cancel; the queue's status and workers.
import { randomUUID } from 'node:crypto';
import type { Design } from '../../shared/design.js';
import type { QueueStatus, SweepDetail, SweepPlan, SweepRecord, SweepSpec } from '../../shared/sweep.js';
import { expandSweep, SweepSpecError, trialConfig } from '../../shared/sweep.js';
import { sweepResults } from '../../shared/sweep-results.js';
import type { RunSummary } from '../../shared/results/summary.js';
import type { ServiceContext } from '../services/context.js';
import { conflict, invalid, notFound } from '../services/errors.js';
import { checkRunConfig, runDatasets } from '../services/runs.js';
import type { SweepDriver } from './driver.js';

export function sweepVerbs(ctx: ServiceContext, driver: SweepDriver) {
  const existing = (id: string): SweepRecord => {
    const s = ctx.store.sweeps.get(id);
    if (!s) throw notFound('Sweep', id);
    return s;
  };

  const expand = (spec: SweepSpec): SweepPlan => {
    try {
      return expandSweep(spec);
    } catch (err) {
      if (err instanceof SweepSpecError) throw invalid(`startSweep: spec.${err.message}`);
      throw err;
    }
  };

  async function resolveDesigns(spec: SweepSpec): Promise<Design[]> {
    const out: Design[] = [];
    for (const [i, d] of (spec.axes.designs ?? []).entries()) {
      if ('template' in d) {
        const { buildTemplate } = await import('../../shared/templates/index.js');
        try {
          out.push(buildTemplate(d.template, runDatasets(ctx, spec.base)));
        } catch (err) {
          throw invalid(`startSweep: spec.axes.designs[${i}].template: ${(err as Error).message}`);
        }
      } else {
        const stored = ctx.store.designs.get(d.designId);
        if (!stored) throw invalid(`startSweep: spec.axes.designs[${i}].designId: no saved design '${d.designId}'.`);
        out.push(stored.design);
      }
    }
    return out;
  }

  /** Every distinct strategy × design of the plan is checked once, so a bad value fails the start, not a run. */
  async function checkPlan(spec: SweepSpec, plan: SweepPlan): Promise<void> {
    const seen = new Set<string>();
    for (const t of plan.trials) {
      const k = JSON.stringify([t.overrides.weighting, t.overrides.design]);
      if (seen.has(k)) continue;
      seen.add(k);
      const config = trialConfig(spec, t.overrides, spec.resolvedDesigns ?? [], 'check');
      try {
        await checkRunConfig(config, runDatasets(ctx, config));
      } catch (err) {
        throw invalid(`startSweep: trial ${t.index} (${t.overrides.weighting.name}): ${(err as Error).message.replace(/^startRun: /, '')}`);
      }
    }
  }

  return {
    async planSweep(spec: SweepSpec): Promise<SweepPlan> {
      return expand(spec);
    },
    async startSweep(spec: SweepSpec): Promise<SweepRecord> {
      const plan = expand(spec);
      runDatasets(ctx, spec.base);
      const resolved: SweepSpec = { ...spec, resolvedDesigns: await resolveDesigns(spec) };
      await checkPlan(resolved, plan);
      const id = randomUUID();
      const name = spec.name?.trim() || `Sweep ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
      ctx.store.sweeps.insert({ id, name, executor: ctx.queue ? 'queue' : 'local', spec: resolved, trials: plan.trials });
      ctx.events.emit('sweepStatus', { sweepId: id, status: 'running' });
      driver.activate(id);
      return existing(id);
    },
    async listSweeps(): Promise<SweepRecord[]> {
      return ctx.store.sweeps.list();
    },
    async getSweep(id: string): Promise<SweepDetail> {
      const sweep = existing(id);
      const trials = ctx.store.sweeps.trials(id);
      const summaries: Record<string, RunSummary | null> = {};
      for (const t of trials) if (t.runId && t.runStatus === 'completed') summaries[t.runId] = ctx.store.runs.get(t.runId)?.summary ?? null;
      return { sweep, trials, results: sweepResults(trials, summaries) };
    },
    async pauseSweep(id: string): Promise<SweepRecord> {
      const s = existing(id);
      if (s.status !== 'running') throw conflict(`Sweep '${id}' is ${s.status}; only a running sweep can be paused.`);
      ctx.store.sweeps.setStatus(id, 'paused');
      ctx.events.emit('sweepStatus', { sweepId: id, status: 'paused' });
      return existing(id);
    },
    /** Resumes a paused sweep, or takes over one whose driving process ended (after a restart). */
    async resumeSweep(id: string): Promise<SweepRecord> {
      const s = existing(id);
      if (s.status === 'cancelled' || s.status === 'completed') throw conflict(`Sweep '${id}' has ended (${s.status}).`);
      ctx.store.sweeps.setStatus(id, 'running');
      ctx.events.emit('sweepStatus', { sweepId: id, status: 'running' });
      if (!driver.drivenElsewhere(id)) driver.activate(id);
      return existing(id);
    },
    async cancelSweep(id: string): Promise<SweepRecord> {
      const s = existing(id);
      if (s.status === 'cancelled' || s.status === 'completed') throw conflict(`Sweep '${id}' has ended (${s.status}).`);
      ctx.store.sweeps.setStatus(id, 'cancelled');
      ctx.events.emit('sweepStatus', { sweepId: id, status: 'cancelled' });
      if (!driver.drivenElsewhere(id)) driver.activate(id); // stops its live runs here
      return existing(id);
    },
    async getQueueStatus(): Promise<QueueStatus> {
      return ctx.queue?.status() ?? { configured: false, url: null, reachable: false, error: null, workers: [] };
    },
  };
}
