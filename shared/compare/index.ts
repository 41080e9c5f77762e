// The compare toolbox: pure functions shared by the service, the CLI and the renderer.
export { computeComparison, type CompareInput } from './compute.js';
export { evaluationSplit, isTaskMetricRow, EVALUATION_SPLIT_ORDER } from './evaluation-split.js';
export { summarizeRun, summarizeCurves, summarizeCompact, summarizeColumns, type RunSummary, type MetricSummary } from './summary.js';
export { curvesOf, curveOf, curveKey, columnCurves, pointsOf, packCurve, unpackCurve, unpackCurves, type CurvePoint, type ColumnCurve } from './curves.js';
export { alignByEpoch, alignCompact, type AlignedCurves } from './align.js';
export { emaSmooth } from './smooth.js';
export { mean, sampleStd } from './stats.js';
export { deltaM, relativeImprovement, deltaMetrics, type DeltaM } from './delta-m.js';
export { configDiff } from './config-diff.js';
export { groupBySeed, seedGroupKey } from './seed-groups.js';
export { paretoFront, type TradeoffPoint } from './pareto.js';
export { comparisonToCsv, csvField } from './csv.js';
export { headlineMetric } from './headline.js';
export { flatten, stableJson } from './flatten.js';
