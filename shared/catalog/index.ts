// The layer catalog's public surface.
export * from './types.js';
export { CATALOG, getKind, listKinds, defaultParams } from './registry.js';
export { checkParam, checkParamMsgs, defineKind } from './define.js';
export { PROBLEM_TEXT, formatMsg, problemKey, en, type Msg, type MsgArgs } from './messages.js';
export { ACTIVATIONS } from './common.js';
export { inputSources, checkInputBinding } from './layers/input.js';
export {
  headUnits,
  headLoss,
  headMetrics,
  headTask,
  headOutputActivation,
  checkHeadBinding,
  LOSSES,
  LOSSES_BY_TASK,
} from './layers/taskHead.js';
export { embeddingInputDim, boundVocab } from './layers/embedding.js';
export { taskPorts, pleCost, moeLevelCost } from './experts.js';
export { stitchInputs } from './layers/crossStitch.js';
export { buildGraph, nodeName, isDesignLike, type Graph, type GNode, type GEdge } from './graph.js';
export { computeRoutes, routedPath, inputFeedable, type Routes, type RouteFail } from './routing.js';
