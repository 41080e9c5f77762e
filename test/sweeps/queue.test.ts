// Sweeps on the Redis queue with real processes: a coordinator (`sweep --queue`), three `worker`s, Debian's
// redis-server on a random loopback port. Every run's rows land once; a refused worker says why.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freePort, readStore, duplicateRows, spawnCli, stopProc, tinyDataset, twelveRunSpec, writeSpec, TOKEN } from './harness.js';
import { queueSuite } from './suite.js';

const hasRedis = fs.existsSync('/usr/bin/redis-server');

describe.skipIf(!hasRedis)('sweep on the queue', () => {
  const suite = queueSuite();
  const worker = suite.worker;

  it('a 12-run sweep on three workers completes with every run\'s rows stored exactly once', async () => {
    const home = suite.dir('mtlw-coord-');
    const ds = await tinyDataset(home);
    const port = await freePort();
    const coordinator = `http://127.0.0.1:${port}`;
    const coord = spawnCli(['sweep', writeSpec(home, twelveRunSpec(ds)), '--queue', suite.redis.url, '--listen', `127.0.0.1:${port}`, '--token', TOKEN, '--home', home, '--json']);
    suite.track(coord);
    await coord.waitFor(/coordinator for workers at/);
    const workers = [worker(coordinator), worker(coordinator), worker(coordinator)];
    expect(await coord.exited).toBe(0);
    const detail = JSON.parse(coord.stdout());
    expect(detail.sweep.status).toBe('completed');
    expect(detail.trials).toHaveLength(12);
    expect(detail.trials.every((t: { runStatus: string }) => t.runStatus === 'completed')).toBe(true);
    // each worker fetched the dataset at most once, and the runs spread over more than one worker
    for (const w of workers) expect(w.output().match(/dataset \S+ fetched and verified/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(new Set(detail.trials.map((t: { worker: string }) => t.worker)).size).toBeGreaterThan(1);
    expect(duplicateRows(home)).toBe(0);
    const perRun = readStore(home, (db) =>
      db.prepare(`SELECT r.id, COUNT(m.run_id) AS n, SUM(m.split = 'test') AS test FROM runs r LEFT JOIN metrics m ON m.run_id = r.id GROUP BY r.id`).all() as { id: string; n: number; test: number }[],
    );
    expect(perRun).toHaveLength(12);
    for (const r of perRun) expect(r.test).toBeGreaterThan(0);
    // final weights came back to the coordinator
    for (const t of detail.trials) expect(fs.existsSync(`${home}/artifacts/${t.runId}/weights.bin`)).toBe(true);
    for (const w of workers) await stopProc(w);
  }, 600_000);

  it('a worker with a wrong token or another version is refused with a clear message', async () => {
    const home = suite.dir('mtlw-coord-');
    const ds = await tinyDataset(home);
    const port = await freePort();
    const coord = spawnCli(['sweep', writeSpec(home, { ...twelveRunSpec(ds), axes: { seeds: [1] } }), '--queue', suite.redis.url, '--listen', `127.0.0.1:${port}`, '--token', TOKEN, '--home', home]);
    suite.track(coord);
    await coord.waitFor(/coordinator for workers at/);
    const bad = worker(`http://127.0.0.1:${port}`, [], 'not-the-token-at-all');
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/refused this worker: Wrong or missing worker token/);
    const res = await fetch(`http://127.0.0.1:${port}/worker/v1/hello`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ protocol: 999, version: '0.0.1', workerId: 'x', host: 'h', pid: 1, backend: 'cpu', device: 'cpu', concurrency: 1 }),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/Version mismatch: this worker is MTL Workbench 0\.0\.1 \(worker protocol 999\)/);
    const good = worker(`http://127.0.0.1:${port}`);
    expect(await coord.exited).toBe(0);
    await stopProc(good);
  }, 300_000);
});
