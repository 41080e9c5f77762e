// Run verbs: start (validate, store, submit; optional single-task baselines), stop, list, update, delete, export.
import { randomUUID } from 'node:crypto';
import type { RunFilter } from '../../shared/api.js';
import type { DatasetInfo } from '../../shared/dataset.js';
import { designDatasetIds } from '../../shared/design.js';
import type { MetricRow, RunConfig, RunRecord } from '../../shared/run.js';
import { checkParams, type StrategyInfo } from '../../shared/strategies.js';
import type { ExecutorEvent, RunExecutor } from '../engine/types.js';
import type { ServiceContext } from './context.js';
import { ApiError, conflict, invalid, notFound } from './errors.js';

const ended = (status: string) => status !== 'queued' && status !== 'running';

/** The strategy's parameters by name, type and range (shared checkParams), before anything is queued. */
function checkStrategyParams(strategy: StrategyInfo, params: Record<string, unknown>): void {
  const res = checkParams(strategy, params);
  if (!res.ok) throw invalid(`startRun: config.weighting.params.${res.issues[0].param}: ${res.issues[0].message}`);
}

/** Writes executor events to the store, then tells the transports. A failed write fails the run with the reason. */
export function wireExecutor(ctx: ServiceContext, executor: RunExecutor): () => void {
  return executor.onEvent((e: ExecutorEvent) => {
    const { store, events } = ctx;
    if (ctx.closed) return;
    try {
      switch (e.type) {
        case 'started':
          if (store.runs.markStarted(e.runId, { backend: e.backend, device: e.device, versions: e.versions })) {
            events.emit('runStatus', { runId: e.runId, status: 'running' });
          }
          break;
        case 'progress': {
          const { type: _t, ...progress } = e;
          events.emit('runProgress', progress);
          break;
        }
        case 'metrics': {
          const rows: MetricRow[] = e.rows.map((r) => ({ ...r, runId: e.runId }));
          store.metrics.insert(rows);
          events.emit('runMetrics', { runId: e.runId, rows });
          break;
        }
        case 'finished':
          ctx.liveRuns.delete(e.runId);
          if (store.runs.finish(e.runId, e.status, e.error ?? null, e.weightsEpoch ?? null)) {
            events.emit('runStatus', { runId: e.runId, status: e.status, ...(e.error ? { error: e.error } : {}) });
          }
          break;
      }
    } catch (err) {
      const message = `Could not record the run's progress: ${(err as Error).message}`;
      console.error(`[workbench] run ${e.runId}: ${message}`);
      try {
        executor.stop(e.runId);
        ctx.liveRuns.delete(e.runId);
        if (store.runs.finish(e.runId, 'failed', message)) events.emit('runStatus', { runId: e.runId, status: 'failed', error: message });
      } catch {
        /* the store is unusable (disk full, read-only): the run is marked interrupted at the next open */
      }
    }
  });
}

/** The datasets a config names, each checked to exist and to be named once; and the saved design it names. */
export const runDatasets = (ctx: ServiceContext, config: RunConfig): DatasetInfo[] => {
  if (config.designId !== undefined && !ctx.store.designs.get(config.designId)) {
    throw invalid(`startRun: config.designId: no saved design '${config.designId}' (leave designId out for a design that is not saved).`);
  }
  return config.datasets.map((id, i) => {
    const first = config.datasets.indexOf(id);
    if (first !== i) throw invalid(`startRun: config.datasets[${i}]: dataset '${id}' is listed twice (also config.datasets[${first}]).`);
    const d = ctx.store.datasets.get(id);
    if (!d) throw new ApiError('not-found', `startRun: config.datasets[${i}]: dataset '${id}' does not exist.`);
    return d;
  });
};

/** The metric early stopping watches must be one the engine computes for that task (its head's metrics, or loss). */
async function checkEarlyStoppingMetric(config: RunConfig, datasets: DatasetInfo[]): Promise<void> {
  const { task, metric } = config.earlyStopping!;
  const { metricsForTask } = await import('../engine/metrics/registry.js');
  const kind = datasets.flatMap((d) => d.tasks).find((t) => t.name === task)!.kind;
  const head = config.design.nodes.find((n) => n.params?.task === task);
  const requested = Array.isArray(head?.params?.metrics) ? (head.params.metrics as string[]) : undefined;
  const allowed = ['loss', ...metricsForTask(kind, requested)];
  if (!allowed.includes(metric)) {
    throw invalid(`startRun: config.earlyStopping.metric: '${metric}' is not computed for task '${task}' (${kind}); choose one of ${allowed.join(', ')}.`);
  }
}

/** The strategy, its parameters, the design and early stopping, checked before anything is queued. */
export async function checkRunConfig(config: RunConfig, datasets: DatasetInfo[]): Promise<void> {
  const { listStrategies } = await import('../engine/weighting/registry.js');
  const strategies = listStrategies();
  const strategy = strategies.find((s) => s.name === config.weighting.name);
  if (!strategy) {
    throw invalid(`startRun: config.weighting.name: unknown strategy '${config.weighting.name}'; choose one of ${strategies.map((s) => s.name).join(', ')}.`);
  }
  checkStrategyParams(strategy, config.weighting.params);
  const { validateDesign } = await import('../../shared/validate.js');
  const { memoryBudget } = await import('../engine/memory-budget.js');
  const result = validateDesign(config.design, datasets, { memoryBudget: memoryBudget(), batchSize: config.batchSize, optimizer: config.optimizer });
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (!result.ok || errors.length > 0) {
    const list = errors.map((p) => `${p.nodeId ? `node ${p.nodeId}` : p.edgeId ? `edge ${p.edgeId}` : 'design'}: ${p.message} [${p.code}]`);
    throw invalid(`startRun: config.design is not valid: ${list.join('; ') || 'the validator refused it'}`);
  }
  const tasks = new Set(datasets.flatMap((d) => d.tasks.map((t) => t.name)));
  if (config.earlyStopping && !tasks.has(config.earlyStopping.task)) {
    throw invalid(`startRun: config.earlyStopping.task: no task '${config.earlyStopping.task}' in the datasets (${[...tasks].join(', ')}).`);
  }
  if (config.earlyStopping) await checkEarlyStoppingMetric(config, datasets);
}

export function runVerbs(ctx: ServiceContext) {
  const existing = (id: string): RunRecord => {
    const r = ctx.store.runs.get(id);
    if (!r) throw notFound('Run', id);
    return r;
  };

  const datasetsFor = (config: RunConfig): DatasetInfo[] => runDatasets(ctx, config);
  const checkConfig = checkRunConfig;

  async function submit(runId: string, config: RunConfig, datasets: DatasetInfo[]): Promise<void> {
    const executor = await ctx.executor();
    ctx.liveRuns.add(runId);
    executor.submit({ runId, config, datasets, dataDir: ctx.home });
  }

  return {
    async startRun(given: RunConfig): Promise<{ runIds: string[] }> {
      await checkConfig(given, datasetsFor(given));
      // the run's datasets are those its design draws on (the config's list, checked above, may name more)
      const used = designDatasetIds(given.design);
      const kept = given.datasets.filter((id) => used.includes(id));
      const config: RunConfig = kept.length ? { ...given, datasets: kept } : given;
      const datasets = datasetsFor(config);
      const designName = config.design.name || 'Untitled design';
      const seeds = [...new Set([config.seed, ...(config.seeds ?? [])])];
      const baseName = config.name?.trim() || `${designName} · ${config.weighting.name}`;
      const singles = config.baselines ? (await import('../../shared/baselines.js')).singleTaskDesigns(config.design, datasets) : [];
      type Planned = { id: string; config: RunConfig; datasets: DatasetInfo[]; baselineOf: string | null; baselineTask: string | null; name: string; designName: string };
      const planned: Planned[] = [];
      for (const seed of seeds) {
        const name = config.name?.trim() && seeds.length === 1 ? baseName : `${baseName} · seed ${seed}`;
        const main: Planned = { id: randomUUID(), config: { ...config, seed, seeds: undefined, name }, datasets, baselineOf: null, baselineTask: null, name, designName };
        planned.push(main);
        for (const b of singles) {
          const bName = `${name} · ${b.task} only`;
          planned.push({
            id: randomUUID(),
            // one task: no weighting to do; the same optimizer, schedule, epochs and seed
            config: {
              ...main.config, name: bName, design: b.design, datasets: [b.dataset], weighting: { name: 'ew', params: {} }, baselines: false,
              earlyStopping: config.earlyStopping?.task === b.task ? config.earlyStopping : undefined,
            },
            datasets: datasets.filter((d) => d.id === b.dataset),
            baselineOf: main.id,
            baselineTask: b.task,
            name: bName,
            designName: b.design.name || designName,
          });
        }
      }
      ctx.store.runs.insertMany(planned);
      for (const p of planned) {
        ctx.events.emit('runStatus', { runId: p.id, status: 'queued' });
        try {
          await submit(p.id, p.config, p.datasets);
        } catch (err) {
          const message = `Could not start the training engine: ${(err as Error).message}`;
          ctx.liveRuns.delete(p.id);
          ctx.store.runs.finish(p.id, 'failed', message);
          ctx.events.emit('runStatus', { runId: p.id, status: 'failed', error: message });
        }
      }
      return { runIds: planned.map((p) => p.id) };
    },

    async stopRun(id: string): Promise<void> {
      const run = existing(id);
      if (ended(run.status)) throw conflict(`Run '${id}' has already ended (${run.status}).`);
      if (ctx.queue?.tracks(id)) return ctx.queue.stop(id); // on a queue worker: told through its next report
      if (!ctx.liveRuns.has(id)) throw conflict(`Run '${id}' is being trained by another process; stop it there.`);
      (await ctx.executor()).stop(id);
    },

    async listRuns(filter?: RunFilter): Promise<RunRecord[]> {
      return ctx.store.runs.list(filter ?? {});
    },
    async getRun(id: string): Promise<RunRecord> {
      return existing(id);
    },
    async getRunMetrics(id: string): Promise<MetricRow[]> {
      existing(id);
      return ctx.store.metrics.list(id);
    },
    async updateRun(id: string, patch: { tags?: string[]; notes?: string; name?: string }): Promise<RunRecord> {
      existing(id);
      return ctx.store.runs.update(id, patch)!;
    },
    async deleteRun(id: string): Promise<void> {
      const run = existing(id);
      const family = [run, ...ctx.store.runs.baselinesOf([id])];
      for (const r of family) {
        if (ended(r.status)) continue;
        if (!ctx.liveRuns.has(r.id)) throw conflict(`Run '${r.id}' is being trained by another process; stop it there before deleting.`);
      }
      const live = family.filter((r) => ctx.liveRuns.has(r.id));
      if (live.length > 0) {
        const executor = await ctx.executor();
        for (const r of live) {
          executor.stop(r.id);
          ctx.liveRuns.delete(r.id);
        }
      }
      ctx.store.runs.delete(id);
      for (const r of family) ctx.store.artifacts.remove(r.id);
    },
    async exportRun(id: string): Promise<{ run: RunRecord; metrics: MetricRow[] }> {
      const run = existing(id);
      return { run, metrics: ctx.store.metrics.list(id) };
    },
  };
}
