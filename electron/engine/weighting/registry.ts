// The weighting strategy registry: adding a strategy = one file + one line here + one test.
import type { StrategyInfo } from '../../../shared/strategies.js';
import type { StrategyContext, StrategyDefinition, WeightingStrategy } from './types.js';
import { readParams } from './params.js';
import { ew } from './ew.js';
import { staticWeights } from './static.js';
import { uw } from './uw.js';
import { dwa } from './dwa.js';
import { rlw } from './rlw.js';
import { gradnorm } from './gradnorm.js';
import { pcgrad } from './pcgrad.js';
import { mgda } from './mgda.js';
import { cagrad } from './cagrad.js';
import { imtlG } from './imtl-g.js';
import { nashMtl } from './nash-mtl.js';
import { fairgrad } from './fairgrad.js';
import { alignedMtl } from './aligned-mtl.js';
import { gradvac } from './gradvac.js';
import { upgrad } from './upgrad.js';
import { dualproj } from './dualproj.js';
import { config } from './config.js';
import { gls } from './gls.js';
import { stch } from './stch.js';
import { famo } from './famo.js';

const DEFINITIONS: StrategyDefinition[] = [
  ew, staticWeights, uw, dwa, rlw, gradnorm, pcgrad, mgda, cagrad, imtlG,
  nashMtl, fairgrad, alignedMtl, gradvac, upgrad, dualproj, config, gls, stch, famo,
];
const REGISTRY = new Map(DEFINITIONS.map((d) => [d.info.name, d]));

export function listStrategies(): StrategyInfo[] {
  return DEFINITIONS.map((d) => d.info);
}

export function getStrategyDefinition(name: string): StrategyDefinition {
  const def = REGISTRY.get(name);
  if (!def) throw new Error(`Unknown weighting strategy '${name}': choose one of ${[...REGISTRY.keys()].join(', ')}`);
  return def;
}

/** Builds a strategy by registry name; params are checked against its declared parameters (defaults filled in). */
export function createStrategy(name: string, params: Record<string, unknown> | undefined, ctx: StrategyContext): WeightingStrategy {
  const def = getStrategyDefinition(name);
  return def.create(readParams(def.info, params ?? {}), ctx);
}

export type { StrategyContext, StrategyDefinition, WeightingStrategy, LossStrategy, GradientStrategy } from './types.js';
