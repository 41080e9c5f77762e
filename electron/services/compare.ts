// compareRuns: the runs and their baselines (by default the single-task runs trained for them), compared by
// computeComparison from their summaries, the same function the Compare view runs. getRunCurves: the runs'
// curves for the charts (the cache of ended runs, the rows of live ones).
import type { CompareResult, CurveData, CurvesRequest, RunCurves } from '../../shared/compare/types.js';
import type { RunRecord, RunStatus } from '../../shared/run.js';
import { computeComparison } from '../../shared/compare/compute.js';
import type { CurveFilter } from '../store/curves.js';
import type { ServiceContext } from './context.js';
import { ApiError } from './errors.js';

export function compareVerbs(ctx: ServiceContext) {
  const curvesOf = (field: string, ids: string[], filter: CurveFilter): { status: RunStatus; splits: CurveData['split'][]; curves: CurveData[] }[] =>
    ids.map((id, i) => {
      const got = ctx.store.metrics.curves(id, filter);
      if (!got) throw new ApiError('not-found', `getRunCurves: req.${field}[${i}]: run '${id}' does not exist.`);
      return got;
    });

  const records = (ids: string[], field: string): RunRecord[] =>
    ids.map((id, i) => {
      const r = ctx.store.runs.get(id);
      if (!r) throw new ApiError('not-found', `compareRuns: req.${field}[${i}]: run '${id}' does not exist.`);
      return r;
    });

  return {
    async compareRuns(req: { runIds: string[]; baselineRunIds?: string[] }): Promise<CompareResult> {
      const runIds = [...new Set(req.runIds)];
      const runs = records(runIds, 'runIds');
      const baselines = req.baselineRunIds
        ? records([...new Set(req.baselineRunIds)], 'baselineRunIds')
        : ctx.store.runs.baselinesOf(runIds).filter((r) => !runIds.includes(r.id));
      return computeComparison({ runs, baselines });
    },

    async getRunCurves(req: CurvesRequest): Promise<RunCurves[]> {
      const runIds = [...new Set(req.runIds)];
      const filter: CurveFilter = { splits: req.splits, tasks: req.tasks, metrics: req.metrics };
      return curvesOf('runIds', runIds, filter).map((got, i) => ({ runId: runIds[i], status: got.status, splits: got.splits, curves: got.curves }));
    },
  };
}
