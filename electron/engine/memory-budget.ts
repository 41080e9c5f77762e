// The memory budget a run must fit in: MTLW_MEMORY_BUDGET ("6GB", "800MB"), else half of this machine's memory.
// The service refuses a config over it before queuing; the engine checks again where it trains (a queue
// worker on another machine has its own memory), before it loads data or allocates a weight.
import os from 'node:os';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { RunConfig } from '../../shared/run.js';
import { parseByteSize } from '../../shared/budget.js';
import { validateDesign } from '../../shared/validate.js';

export const MEMORY_BUDGET_ENV = 'MTLW_MEMORY_BUDGET';

export function memoryBudget(env: Record<string, string | undefined> = process.env): number {
  const text = env[MEMORY_BUDGET_ENV];
  if (text !== undefined && text.trim() !== '') {
    const n = parseByteSize(text);
    if (n === null) throw new Error(`${MEMORY_BUDGET_ENV}=${JSON.stringify(text)}: expected a size such as 6GB or 800MB`);
    return n;
  }
  return Math.floor(os.totalmem() / 2);
}

/** The over-budget problem's message for this config, or null when it fits (other design problems are not its business). */
export function overBudget(config: Pick<RunConfig, 'design' | 'batchSize' | 'optimizer'>, datasets: DatasetInfo[], budget = memoryBudget()): string | null {
  const result = validateDesign(config.design, datasets, { memoryBudget: budget, batchSize: config.batchSize, optimizer: config.optimizer });
  return result.problems.find((p) => p.code === 'over-budget')?.message ?? null;
}
