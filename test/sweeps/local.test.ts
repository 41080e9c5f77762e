// A sweep on the local executor, in process over a real SQLite file: pause stops dispatching, resume goes on,
// a closed and re-opened workbench finds the sweep as it was and `resumeSweep` trains what the close cut off;
// cancel stops it. Bad specs are refused before anything is stored.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SweepSpec } from '../../shared/sweep.js';
import { createWorkbench, type Workbench } from '../../electron/services/workbench.js';

const homes: string[] = [];
afterAll(() => {
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

const waitFor = async (what: string, fn: () => boolean, ms = 120_000) => {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

async function setup(): Promise<{ wb: Workbench; home: string; spec: SweepSpec }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-sweep-'));
  homes.push(home);
  const wb = createWorkbench({ home, transport: 'in-process' });
  const ds = await wb.api.createBuiltinDataset({ source: 'mmoe-synthetic', options: { rows: 200, dim: 4 } });
  const design = await wb.api.buildTemplate({ template: 'mmoe', datasetIds: [ds.id] });
  const spec: SweepSpec = {
    name: 'local',
    base: { design, datasets: [ds.id], optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'constant' }, epochs: 1, batchSize: 64, weighting: { name: 'ew', params: {} }, seed: 0, backend: 'cpu' },
    axes: { strategies: [{ name: 'ew' }, { name: 'uw' }], seeds: [1, 2] },
  };
  return { wb, home, spec };
}

const ended = (wb: Workbench, id: string) => wb.store.sweeps.trials(id).filter((t) => t.runStatus && !['queued', 'running'].includes(t.runStatus)).length;

describe('sweeps on the local executor', () => {
  it('refuses a bad spec naming what is wrong, and stores nothing', async () => {
    const { wb, spec } = await setup();
    await expect(wb.api.startSweep({ ...spec, axes: { strategies: [{ name: 'nope' }] } })).rejects.toThrow(/startSweep: trial 0 \(nope\): config\.weighting\.name: unknown strategy 'nope'/);
    await expect(wb.api.startSweep({ ...spec, axes: { lr: [] } })).rejects.toThrow(/spec\.axes\.lr: give at least one value/);
    await expect(wb.api.startSweep({ ...spec, axes: { strategies: [{ name: 'cagrad', params: { c: [70] } }] } })).rejects.toThrow(/params\.c: 70 is above the maximum 10/);
    expect(await wb.api.listSweeps()).toEqual([]);
    const plan = await wb.api.planSweep(spec);
    expect(plan.trials).toHaveLength(4);
    await wb.close();
  }, 60_000);

  it('pause, resume across a restart, then cancel: state kept, cut-off runs trained again', async () => {
    const { wb, home, spec } = await setup();
    const s = await wb.api.startSweep(spec);
    expect(s).toMatchObject({ status: 'running', executor: 'local', total: 4 });
    await waitFor('first run ended', () => ended(wb, s.id) >= 1);
    await wb.api.pauseSweep(s.id);
    // the run that was live when paused finishes; nothing new starts
    await waitFor('live runs ended', () => wb.store.sweeps.trials(s.id).every((t) => !t.runStatus || !['queued', 'running'].includes(t.runStatus)));
    const afterPause = wb.store.sweeps.trials(s.id).filter((t) => t.runId).length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(wb.store.sweeps.trials(s.id).filter((t) => t.runId).length).toBe(afterPause);
    expect(afterPause).toBeLessThan(4);
    expect((await wb.api.getSweep(s.id)).sweep.status).toBe('paused');

    await wb.api.resumeSweep(s.id);
    await waitFor('a run live after resume', () => wb.store.sweeps.trials(s.id).some((t) => t.runStatus === 'running'));
    await wb.close(); // cuts the live run off: it ends interrupted

    const wb2 = createWorkbench({ home, transport: 'in-process' });
    const reopened = await wb2.api.getSweep(s.id);
    expect(reopened.sweep.status).toBe('running');
    const cut = reopened.trials.find((t) => t.runStatus === 'interrupted');
    expect(cut, JSON.stringify(reopened.trials.map((t) => [t.runStatus, t.attempts]))).toBeDefined();
    await wb2.api.resumeSweep(s.id);
    await wb2.sweeps.settled(s.id);
    const done = await wb2.api.getSweep(s.id);
    expect(done.sweep.status).toBe('completed');
    expect(done.trials.map((t) => t.runStatus)).toEqual(['completed', 'completed', 'completed', 'completed']);
    const retried = done.trials.find((t) => t.index === cut!.index)!;
    expect(retried.attempts).toBe(2);
    expect(retried.history.join(' ')).toMatch(/ended interrupted; trying again/);
    await expect(wb2.api.cancelSweep(s.id)).rejects.toThrow(/has ended \(completed\)/);
    await wb2.close();
  }, 300_000);

  it('cancel stops the live run and starts no more', async () => {
    const { wb, spec } = await setup();
    const s = await wb.api.startSweep(spec);
    await waitFor('a run live', () => wb.store.sweeps.trials(s.id).some((t) => t.runStatus === 'running'));
    await wb.api.cancelSweep(s.id);
    await wb.sweeps.settled(s.id);
    const d = await wb.api.getSweep(s.id);
    expect(d.sweep.status).toBe('cancelled');
    expect(d.trials.filter((t) => t.runId).length).toBe(1);
    expect(d.trials.find((t) => t.runId)!.runStatus).toBe('stopped');
    await wb.close();
  }, 120_000);
});
