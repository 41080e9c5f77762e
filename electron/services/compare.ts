// compareRuns: the runs, their metrics, and the baselines (by default the single-task runs trained for them).
import type { CompareResult } from '../../shared/compare.js';
import type { MetricRow, RunRecord } from '../../shared/run.js';
import { computeComparison } from '../../shared/compare/index.js';
import type { ServiceContext } from './context.js';
import { ApiError } from './errors.js';

export function compareVerbs(ctx: ServiceContext) {
  const load = (ids: string[], field: string): { runs: RunRecord[]; metrics: Record<string, MetricRow[]> } => {
    const runs = ids.map((id, i) => {
      const r = ctx.store.runs.get(id);
      if (!r) throw new ApiError('not-found', `compareRuns: req.${field}[${i}]: run '${id}' does not exist.`);
      return r;
    });
    const metrics: Record<string, MetricRow[]> = {};
    for (const r of runs) metrics[r.id] = ctx.store.metrics.list(r.id);
    return { runs, metrics };
  };
  return {
    async compareRuns(req: { runIds: string[]; baselineRunIds?: string[] }): Promise<CompareResult> {
      const runIds = [...new Set(req.runIds)];
      const { runs, metrics } = load(runIds, 'runIds');
      const baselineIds = req.baselineRunIds
        ? [...new Set(req.baselineRunIds)]
        : ctx.store.runs.baselinesOf(runIds).map((r) => r.id).filter((id) => !runIds.includes(id));
      const base = load(baselineIds, 'baselineRunIds');
      return computeComparison({ runs, metrics, baselines: base.runs, baselineMetrics: base.metrics });
    },
  };
}
