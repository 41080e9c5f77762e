// The compare toolbox: pure functions shared by the service, the CLI and the renderer.
export { computeComparison, type CompareInput } from './compute.js';
export { summarizeRun, ruleLabel, type RunSummary, type AppliedRule } from '../results/summary.js';
export { mean, sampleStd, seedStats, welchTTest, type SeedStats, type WelchTest } from '../results/stats.js';
export { curvesOfRows, curveKey, packCurve, curveEpochs, curvePoints, curveIndex } from './curves.js';
export { alignCurves, type AlignedCurves } from './align.js';
export { emaSmooth } from './smooth.js';
export { deltaM, relativeImprovement, deltaMetrics, type DeltaM } from './delta-m.js';
export { configDiff } from './config-diff.js';
export { groupBySeed, seedGroupKey } from './seed-groups.js';
export { paretoFront, type TradeoffPoint } from './pareto.js';
export { comparisonToCsv, csvField } from './csv.js';
export { headlineMetric } from './headline.js';
export { flatten, stableJson } from './flatten.js';
