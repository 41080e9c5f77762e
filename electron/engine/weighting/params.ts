// A strategy's params as the engine reads them: checked by the shared rule (shared/strategies.ts checkParams),
// defaults filled in. The service edge has checked them already; this names the fault for direct callers.
import { checkParams, type StrategyInfo } from '../../../shared/strategies.js';

export function readParams(info: StrategyInfo, given: Record<string, unknown> = {}): Record<string, unknown> {
  const res = checkParams(info, given);
  if (res.ok) return res.values;
  const i = res.issues[0];
  throw new Error(`Weighting '${info.name}', parameter '${i.param}': ${i.message}`);
}
