// The model builder: a validated design -> tfjs layers models (one per dataset route) with shared weights.
export { buildModel } from './build.js';
export type { BuiltModel, HeadBinding, Route, BuildOptions, LayerBuilder, NodeContext, NodeLayers } from './types.js';
export { LAYER_BUILDERS, getBuilder } from './layers/index.js';
export { deriveSeed } from './seeds.js';
export { MMoELayer } from './custom/mmoe.js';
export { PLELayer, CGCLayer } from './custom/ple.js';
export { CrossStitchLayer, crossStitchInit } from './custom/crossStitch.js';
export { SeededDropout } from './custom/seededDropout.js';
