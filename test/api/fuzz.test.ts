// Property tests on the service with inputs close to valid ones: a real config or import request with one
// field deleted or replaced by an arbitrary value. Every call ends in a result or a clear ApiError, never an
// 'internal' error, an unhandled rejection or a hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { createWorkbench, type Workbench } from '../../electron/services/workbench.js';
import type { ExecutorEvent, RunExecutor } from '../../electron/engine/types.js';
import type { RunConfig } from '../../shared/run.js';

/** An executor that ends every job at once: these properties are about argument handling, not training. */
function instantExecutor(): RunExecutor & { submitted: number } {
  const listeners = new Set<(e: ExecutorEvent) => void>();
  const ex = {
    submitted: 0,
    submit(job: { runId: string }) {
      ex.submitted++;
      queueMicrotask(() => listeners.forEach((l) => l({ runId: job.runId, type: 'finished', status: 'stopped' })));
    },
    stop() {},
    onEvent(l: (e: ExecutorEvent) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async close() {},
  };
  return ex;
}

type Json = Record<string, unknown>;

/** Every path to a value inside obj (objects and arrays), so a mutation can hit any depth. */
function paths(obj: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (obj && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj)) {
      const key = Array.isArray(obj) ? Number(k) : k;
      out.push([...prefix, key], ...paths(v, [...prefix, key]));
    }
  }
  return out;
}

function mutate<T>(value: T, at: (string | number)[], replacement: unknown, remove: boolean): T {
  const copy = structuredClone(value) as Json;
  let node = copy as Json;
  for (const k of at.slice(0, -1)) node = node[k as string] as Json;
  const last = at[at.length - 1] as string;
  if (remove) delete node[last];
  else node[last] = replacement;
  return copy as T;
}

let wb: Workbench;
let executor: ReturnType<typeof instantExecutor>;
let config: RunConfig;
let csvPath: string;
const outcomes: Record<string, number> = {};

beforeAll(async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-fuzz-'));
  executor = instantExecutor();
  wb = createWorkbench({ home, transport: 'in-process', executor });
  const ds = await wb.api.createBuiltinDataset({ source: 'mmoe-synthetic', options: { rows: 200, dim: 4 } });
  const design = await wb.api.buildTemplate({ template: 'mmoe', datasetIds: [ds.id] });
  config = {
    design, datasets: [ds.id], optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'step', stepSize: 2, gamma: 0.5 }, epochs: 2, batchSize: 16,
    weighting: { name: 'dwa', params: { T: 2 } }, seed: 1, maxStepsPerEpoch: 1, earlyStopping: { task: 'y1', metric: 'mse', patience: 2 }, tags: ['fuzz'],
  };
  csvPath = path.join(home, 'small.csv');
  fs.writeFileSync(csvPath, 'a,b,c,label\n' + Array.from({ length: 30 }, (_, i) => `${i},${i % 3},x${i % 2},${i % 2}`).join('\n') + '\n');
});
afterAll(async () => {
  await wb.close();
  console.log('fuzz outcomes:', JSON.stringify(outcomes));
});

async function outcome(p: Promise<unknown>, method: string): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    const e = err as { name: string; code: string; message: string };
    expect(e.name).toBe('ApiError');
    expect(e.code).not.toBe('internal');
    expect(e.message.startsWith(`${method}: `)).toBe(true);
    expect(e.message.length).toBeGreaterThan(method.length + 12);
    return e.code;
  }
}

describe('service fuzzing with near-valid inputs', () => {
  it('startRun: a real config with one field removed or replaced (300 cases)', async () => {
    const all = paths(config);
    const before = executor.submitted;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...all), fc.anything({ maxDepth: 2 }), fc.boolean(), async (at, replacement, remove) => {
        const o = await outcome(wb.api.startRun(mutate(config, at, replacement, remove)), 'startRun');
        outcomes[`startRun ${o}`] = (outcomes[`startRun ${o}`] ?? 0) + 1;
        if (o === 'ok') accepted++;
      }),
      { numRuns: 300 },
    );
    // every accepted config was handed to the executor, nothing else was
    expect(executor.submitted - before).toBe(accepted);
  });

  it('saveDesign and validateDesign: a real design with one field removed or replaced (300 cases)', async () => {
    const all = paths(config.design);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...all), fc.anything({ maxDepth: 2 }), fc.boolean(), async (at, replacement, remove) => {
        const design = mutate(config.design, at, replacement, remove);
        const v = await outcome(wb.api.validateDesign(design), 'validateDesign');
        outcomes[`validateDesign ${v}`] = (outcomes[`validateDesign ${v}`] ?? 0) + 1;
        const s = await outcome(wb.api.saveDesign({ name: 'fuzz', design }), 'saveDesign');
        outcomes[`saveDesign ${s}`] = (outcomes[`saveDesign ${s}`] ?? 0) + 1;
      }),
      { numRuns: 300 },
    );
  });

  it('importDataset: a real CSV request with one field removed or replaced (100 cases)', async () => {
    const req = { kind: 'csv' as const, path: csvPath, name: 'small', tasks: ['label'], header: true, columnTypes: { c: 'categorical' as const }, seed: 2 };
    const all = paths(req);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...all), fc.anything({ maxDepth: 2 }), fc.boolean(), async (at, replacement, remove) => {
        const o = await outcome(wb.api.importDataset(mutate(req, at, replacement, remove)), 'importDataset');
        outcomes[`importDataset ${o}`] = (outcomes[`importDataset ${o}`] ?? 0) + 1;
      }),
      { numRuns: 100 },
    );
  });
});
