// Faults on the queue with real processes: a worker SIGKILLed mid-run (its run is handed to another worker
// by BullMQ's stalled-job check), the coordinator SIGKILLed mid-sweep and resumed, Redis stopped mid-sweep
// and started again. Every sweep still completes with no metric row stored twice.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, json } from '../cli/helpers.js';
import { duplicateRows, freePort, readStore, spawnCli, stopProc, twelveRunSpec, writeSpec, TOKEN } from './harness.js';
import { queueSuite } from './suite.js';

const hasRedis = fs.existsSync('/usr/bin/redis-server');
const LOCK = ['--lock-ms', '3000'];

interface Detail {
  sweep: { id: string; status: string };
  trials: { runId: string; runStatus: string; history: string[]; worker: string }[];
}

describe.skipIf(!hasRedis)('sweep faults', () => {
  const suite = queueSuite();
  const track = suite.track;
  const worker = (coordinator: string) => suite.worker(coordinator, LOCK);
  /** A coordinator home with a dataset big enough that one run lasts a few seconds, and its spec. */
  const setup = async (runs: 2 | 4) => {
    const home = suite.dir('mtlw-coord-');
    const ds = json<{ id: string }>(await cli(['datasets', 'builtin', 'mmoe-synthetic', '--option', 'rows=3000', '--option', 'dim=8', '--home', home, '--json'])).id;
    const spec = twelveRunSpec(ds, 'faults') as { base: Record<string, unknown>; axes: Record<string, unknown> };
    spec.base.epochs = 3;
    spec.base.batchSize = 32;
    spec.axes = { strategies: [{ name: 'ew' }, { name: 'uw' }], seeds: runs === 4 ? [1, 2] : [1] };
    const port = await freePort();
    return { home, spec: writeSpec(home, spec), port, url: `http://127.0.0.1:${port}` };
  };
  const coordinator = (args: string[], home: string, port: number) =>
    track(spawnCli([...args, '--queue', suite.redis.url, '--listen', `127.0.0.1:${port}`, '--token', TOKEN, '--home', home, '--json']));
  const rowsOf = (home: string, runId: string) =>
    readStore(home, (db) => (db.prepare('SELECT COUNT(*) AS n FROM metrics WHERE run_id = ?').get(runId) as { n: number }).n);
  const until = async (what: string, fn: () => boolean, ms = 180_000) => {
    const end = Date.now() + ms;
    while (!fn()) {
      if (Date.now() > end) throw new Error(`timed out: ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const check = (home: string, detail: Detail) => {
    expect(detail.sweep.status).toBe('completed');
    expect(detail.trials.map((t) => t.runStatus)).toEqual(detail.trials.map(() => 'completed'));
    expect(duplicateRows(home)).toBe(0);
    // nothing lost: every run has its validation and test rows for each of its 3 epochs
    for (const t of detail.trials) {
      const epochs = readStore(home, (db) => db.prepare(`SELECT split, COUNT(DISTINCT epoch) AS n FROM metrics WHERE run_id = ? AND split IN ('validation', 'test') GROUP BY split`).all(t.runId));
      expect(epochs).toEqual([{ split: 'test', n: 3 }, { split: 'validation', n: 3 }]);
    }
  };

  it('a worker SIGKILLed mid-run: another worker takes its run over and the sweep completes', async () => {
    const { home, spec, port, url } = await setup(2);
    const coord = coordinator(['sweep', spec], home, port);
    await coord.waitFor(/coordinator for workers at/);
    const victim = worker(url);
    await victim.waitFor(/run (\S+): taken/);
    const runId = /run (\S+): taken/.exec(victim.output())![1];
    await until('rows of the first epoch', () => rowsOf(home, runId) > 0);
    victim.child.kill('SIGKILL');
    await victim.exited;
    const rescuer = worker(url);
    expect(await coord.exited, coord.output()).toBe(0);
    const detail = JSON.parse(coord.stdout()) as Detail;
    check(home, detail);
    const handed = detail.trials.find((t) => t.runId === runId)!;
    expect(handed.history.join('\n')).toMatch(/attempt \d+ on .*handed over after the earlier worker stopped reporting/);
    expect(handed.worker).not.toContain(`/${victim.child.pid}`);
    await stopProc(rescuer);
  }, 600_000);

  it('the coordinator SIGKILLed mid-sweep and Redis restarted: `sweep resume` finishes it, no row lost or doubled', async () => {
    const { home, spec, port, url } = await setup(4);
    const first = coordinator(['sweep', spec], home, port);
    await first.waitFor(/sweep (\S+) started/);
    const sweepId = /sweep (\S+) started/.exec(first.output())![1];
    const w1 = worker(url);
    const w2 = worker(url);
    await until('a run with rows', () => readStore(home, (db) => (db.prepare('SELECT COUNT(*) AS n FROM metrics').get() as { n: number }).n) > 0);
    first.child.kill('SIGKILL');
    await first.exited;
    // Redis goes away too while the workers train; they keep their runs and retry their reports
    await suite.redis.stop();
    await new Promise((r) => setTimeout(r, 1500));
    await suite.redis.start();
    const second = coordinator(['sweep', 'resume', sweepId], home, port);
    expect(await second.exited, second.output()).toBe(0);
    const detail = JSON.parse(second.stdout()) as Detail;
    check(home, detail);
    expect(detail.trials).toHaveLength(4);
    await Promise.all([stopProc(w1), stopProc(w2)]);
  }, 600_000);
});
