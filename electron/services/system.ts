// getSystemInfo and listStrategies: what this machine can train on, and the weighting strategies.
import fs from 'node:fs';
import type { DatabaseCheck, SystemInfo } from '../../shared/api.js';
import type { StrategyInfo } from '../../shared/strategies.js';
import type { ServiceContext } from './context.js';
import { lazy } from './context.js';

const packageVersion = (): string => {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
};

const backends = lazy(async () => (await import('../engine/backend.js')).describeBackends());

/** The memory budget, or none where MTLW_MEMORY_BUDGET cannot be read (startRun names that error). */
async function budgetOrNone(): Promise<number | undefined> {
  try {
    return (await import('../engine/memory-budget.js')).memoryBudget();
  } catch {
    return undefined;
  }
}

export function systemVerbs(ctx: ServiceContext) {
  return {
    async getSystemInfo(): Promise<SystemInfo> {
      const b = await backends();
      return {
        version: packageVersion(),
        backend: b.preferred,
        device: b.device,
        availableBackends: b.available,
        gpu: b.gpu,
        dataDir: ctx.home,
        transport: ctx.transport,
        memoryBudget: await budgetOrNone(),
      };
    },
    async checkDatabase(): Promise<DatabaseCheck> {
      const { checkIntegrity, markDamaged } = await import('../store/integrity.js');
      ctx.store.db.pragma('shrink_memory'); // drop cached pages: the check reads the file as it is on disk now
      const report = checkIntegrity(ctx.store.db, 'full');
      if (!report.ok) markDamaged(ctx.store.db, report.problems); // no more writes into it
      return report;
    },
    async listStrategies(): Promise<StrategyInfo[]> {
      const { listStrategies } = await import('../engine/weighting/registry.js');
      return listStrategies();
    },
  };
}
