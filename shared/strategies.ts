// Weighting strategies as data: what the UI shows and what the launch form asks for.
// The implementations live in electron/engine/weighting/, one file each, keyed by the same name.

export interface StrategyParam {
  name: string;
  type: 'number' | 'string' | 'numbers';
  default: unknown;
  label: string;
  description?: string;
  options?: string[];
  min?: number;
  max?: number;
}

export interface StrategyInfo {
  name: string;
  label: string;
  citation: string;
  description: string;
  /** Needs per-task gradients (on the shared parameters or the shared representation). */
  needsTaskGradients: boolean;
  params: StrategyParam[];
}
