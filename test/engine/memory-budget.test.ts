// The memory budget: a design whose parameters, optimizer state or batch × activations would not fit is
// refused before anything is allocated, naming the node that needs the most; built-in options have bounds.
// Every case runs in a child under a memory cap (small heap, RSS watchdog at 1.5 GB), so a regression fails
// the test instead of swapping the machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Design } from '../../shared/design.js';
import type { RunConfig } from '../../shared/run.js';
import { estimateMemory, parseByteSize } from '../../shared/budget.js';
import { validateDesign } from '../../shared/validate.js';
import { createWorkbench } from '../../electron/services/workbench.js';
import { cappedCli, cappedScript } from '../capped.js';

let home: string;
let datasetId: string;
let design: Design;

/** The template with a second Dense after its first ('wide2'), every Dense (or only `only`) at `units`. */
function withUnits(units: number, only?: string): Design {
  const first = design.nodes.find((n) => n.kind === 'Dense')!;
  const second = { ...first, id: 'wide2', position: { x: first.position.x, y: first.position.y + 80 } };
  const edges = design.edges.map((e) => (e.source === first.id ? { ...e, source: second.id } : e));
  edges.push({ id: 'e-wide2', source: first.id, sourcePort: 'out', target: second.id, targetPort: 'in' });
  const nodes = [...design.nodes, second].map((n) => (n.kind === 'Dense' && (!only || n.id === only) ? { ...n, params: { ...n.params, units } } : n));
  return { ...design, nodes, edges };
}
const denseIds = () => withUnits(1).nodes.filter((n) => n.kind === 'Dense').map((n) => n.id);
const file = (name: string, value: unknown) => {
  const p = path.join(home, name);
  fs.writeFileSync(p, JSON.stringify(value));
  return p;
};
const train = (designFile: string, extra: string[], env: Record<string, string> = {}) =>
  cappedCli(['train', '--design', designFile, '--dataset', datasetId, '--epochs', '1', '--backend', 'cpu', '--home', home, ...extra], { env });

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-budget-'));
  const wb = createWorkbench({ home, transport: 'in-process' });
  datasetId = (await wb.api.createBuiltinDataset({ source: 'mmoe-synthetic', options: { rows: 200, dim: 8 }, seed: 1 })).id;
  design = await wb.api.buildTemplate({ template: 'hps', datasetIds: [datasetId] });
  await wb.close();
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('memory budget', () => {
  it('estimates parameters, optimizer state and activations per sample from the validator', () => {
    const v = validateDesign(withUnits(1000), []);
    const est = estimateMemory(v.nodes, { batchSize: 10, optimizer: { name: 'adam' } });
    expect(est.params).toBe(v.totals.params);
    // weights + gradients + Adam's two moments, 4 bytes each; activations and their gradients per sample
    expect(est.bytes).toBe(est.params * 16 + 10 * est.activationsPerSample * 8);
    expect(parseByteSize('1.5GB')).toBe(1.5 * 2 ** 30);
    expect(parseByteSize('800 MiB')).toBe(800 * 2 ** 20);
    expect(parseByteSize('lots')).toBeNull();
  });

  it('two Dense layers of 30,000 units (9e8 parameters) are refused at startRun, naming the Dense that dominates', async () => {
    expect(denseIds().length).toBeGreaterThanOrEqual(2);
    const r = await train(file('big.json', withUnits(30_000)), [], { MTLW_MEMORY_BUDGET: '1GB' });
    expect(r.overCap, `peak RSS ${r.peakRssMb} MiB`).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Training this design needs about \d+\.\d GiB of memory \(batch 64\), more than the budget of 1\.0 GiB; Dense '[^']+' needs the most \([\d.]+ GiB: 900,0\d\d,\d{3} parameters, 30,000 values per sample\)/);
  });

  it('1e5 units is refused by the default budget (half the machine), not "Invalid typed array length"', async () => {
    const r = await train(file('huge.json', withUnits(100_000)), []);
    expect(r.overCap).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Training this design needs about [\d.]+ [GT]iB of memory .* Dense '[^']+' needs the most/);
    expect(r.stderr).not.toMatch(/Invalid typed array length/);
  });

  it('batch × activations over the budget is refused with the batch named', async () => {
    const wide = withUnits(30_000, denseIds()[0]);
    const r = await train(file('wide.json', wide), ['--batch-size', '8192'], { MTLW_MEMORY_BUDGET: '1GB' });
    expect(r.overCap).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`\\(batch 8192\\), more than the budget of 1\\.0 GiB; Dense '${denseIds()[0]}' needs the most`));
  });

  it('the engine checks again before loading data (a job that reaches it without the service)', async () => {
    const config: RunConfig = {
      design: withUnits(30_000), datasets: [datasetId], optimizer: { name: 'adam', lr: 0.001 }, schedule: { kind: 'constant' },
      epochs: 1, batchSize: 64, weighting: { name: 'ew', params: {} }, seed: 0, backend: 'cpu',
    };
    const r = await cappedScript(path.join(import.meta.dirname, 'fixtures/submit-job.ts'), [home, datasetId, file('job.json', config)], { env: { MTLW_MEMORY_BUDGET: '1GB' } });
    expect(r.overCap, `peak RSS ${r.peakRssMb} MiB`).toBe(false);
    const events = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; status?: string; error?: string });
    expect(events.map((e) => e.type)).not.toContain('started'); // refused before the backend, the data and the model
    expect(events.at(-1)).toMatchObject({ type: 'finished', status: 'failed', error: expect.stringMatching(/more than the budget of 1\.0 GiB; Dense '[^']+' needs the most/) });
  });

  it('built-in options whose product would not fit are a 400 naming them, not a 500', async () => {
    const r = await cappedCli(['datasets', 'builtin', 'mmoe-synthetic', '--option', 'rows=10000000', '--option', 'dim=10000', '--home', home, '--json']);
    expect(r.overCap).toBe(false);
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.stderr) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toMatch(/options rows × dim = 10,000,000 × 10,000 values \(372\.5 GiB\) are more than the .* one dataset may hold here: lower rows or dim/);
  });
});
