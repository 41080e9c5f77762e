// compareRuns: the runs, their curves, and the baselines (by default the single-task runs trained for them).
// getRunCurves: the runs' curves in compact form, for the Compare view. Both read the curve cache of ended
// runs (a few rows per run) and the rows of live ones.
import type { CompareResult, CurvesRequest, RunCurves } from '../../shared/compare.js';
import type { RunRecord, RunStatus } from '../../shared/run.js';
import { computeComparison, summarizeColumns, type RunSummary } from '../../shared/compare/index.js';
import { packCurve } from '../../shared/compare/curves.js';
import type { CurveFilter, StoredCurve } from '../store/curves.js';
import type { ServiceContext } from './context.js';
import { ApiError } from './errors.js';

/** The splits the comparison table and the curves read (diagnostics are drawn by the live view only). */
const TABLE_SPLITS = ['train', 'validation', 'test'];

export function compareVerbs(ctx: ServiceContext) {
  const curvesOf = (verb: string, field: string, ids: string[], filter: CurveFilter): { status: RunStatus; splits: StoredCurve['split'][]; curves: StoredCurve[] }[] =>
    ids.map((id, i) => {
      const got = ctx.store.metrics.curves(id, filter);
      if (!got) throw new ApiError('not-found', `${verb}: req.${field}[${i}]: run '${id}' does not exist.`);
      return got;
    });

  const load = (ids: string[], field: string): { runs: RunRecord[]; summaries: Record<string, RunSummary> } => {
    const runs = ids.map((id, i) => {
      const r = ctx.store.runs.get(id);
      if (!r) throw new ApiError('not-found', `compareRuns: req.${field}[${i}]: run '${id}' does not exist.`);
      return r;
    });
    const summaries: Record<string, RunSummary> = {};
    curvesOf('compareRuns', field, ids, { splits: TABLE_SPLITS }).forEach((got, i) => (summaries[ids[i]] = summarizeColumns(got.curves)));
    return { runs, summaries };
  };

  return {
    async compareRuns(req: { runIds: string[]; baselineRunIds?: string[] }): Promise<CompareResult> {
      const runIds = [...new Set(req.runIds)];
      const main = load(runIds, 'runIds');
      const baselineIds = req.baselineRunIds
        ? [...new Set(req.baselineRunIds)]
        : ctx.store.runs.baselinesOf(runIds).map((r) => r.id).filter((id) => !runIds.includes(id));
      const base = load(baselineIds, 'baselineRunIds');
      return computeComparison({
        runs: main.runs,
        metrics: {},
        baselines: base.runs,
        baselineMetrics: {},
        summaries: { ...base.summaries, ...main.summaries },
      });
    },

    async getRunCurves(req: CurvesRequest): Promise<RunCurves[]> {
      const runIds = [...new Set(req.runIds)];
      const filter: CurveFilter = { splits: req.splits, tasks: req.tasks, metrics: req.metrics };
      return curvesOf('getRunCurves', 'runIds', runIds, filter).map((got, i) => ({
        runId: runIds[i],
        status: got.status,
        splits: got.splits,
        curves: got.curves.map((c) => packCurve(c.split, c.task, c.metric, c.epochs, c.values)),
      }));
    },
  };
}
