// The 'gradients' parameter of strategies that may take task gradients on the shared representation.
import type { StrategyParam } from '../../../shared/strategies.js';

export type GradientTarget = 'parameters' | 'representation';

export function gradientTargetParam(defaultTarget: GradientTarget): StrategyParam {
  return {
    name: 'gradients',
    type: 'string',
    default: defaultTarget,
    options: ['representation', 'parameters'],
    label: 'Task gradients on',
    description:
      "'representation': each task's gradient with respect to the shared trunk's output, then one backward of their combination through the trunk (cheaper); 'parameters': with respect to every shared weight (one full backward per task).",
  };
}
