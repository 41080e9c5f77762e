// The same 12-run sweep on the Redis queue with one worker process and with two (concurrency 1 each), on a
// real redis-server: wall-clock from the coordinator's start to the sweep's end, and the ratio. Each setting
// runs in a fresh data folder; both include the workers' start and their one dataset fetch.
import fs from 'node:fs';
import { freePort, spawnCli, startRedis, stopProc, tinyDataset, tmpDir, twelveRunSpec, writeSpec, TOKEN, type Proc } from '../test/sweeps/harness.js';

const json = process.argv.includes('--json');
const log = (s: string) => process.stderr.write(s + '\n');

async function sweepWith(workers: number, redisUrl: string): Promise<number> {
  const home = tmpDir('mtlw-bench-sweep-');
  const procs: Proc[] = [];
  try {
    const ds = await tinyDataset(home);
    const port = await freePort();
    const t0 = performance.now();
    const coord = spawnCli(['sweep', writeSpec(home, twelveRunSpec(ds, `scale ${workers}`)), '--queue', redisUrl, '--listen', `127.0.0.1:${port}`, '--token', TOKEN, '--home', home]);
    procs.push(coord);
    await coord.waitFor(/coordinator for workers at/);
    for (let i = 0; i < workers; i++) {
      const wh = tmpDir('mtlw-bench-worker-');
      procs.push(spawnCli(['worker', '--queue', redisUrl, '--coordinator', `http://127.0.0.1:${port}`, '--token', TOKEN, '--home', wh, '--backend', 'cpu']));
    }
    const code = await coord.exited;
    const seconds = (performance.now() - t0) / 1000;
    if (code !== 0) throw new Error(`the sweep with ${workers} worker(s) failed:\n${coord.output().slice(-2000)}`);
    return seconds;
  } finally {
    for (const p of procs) await stopProc(p);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const redis = await startRedis();
try {
  log('sweep-scale: 12 runs (3 strategies × 2 lr × 2 seeds, MMoE, 240 rows, 1 epoch, cpu backend) …');
  const one = await sweepWith(1, redis.url);
  log(`  1 worker:  ${one.toFixed(1)} s`);
  const two = await sweepWith(2, redis.url);
  log(`  2 workers: ${two.toFixed(1)} s`);
  const ratio = one / two;
  log(`  speed-up with 2 workers: ${ratio.toFixed(2)}× (wall-clock, same machine; ${ratio >= 1 ? 'faster' : 'slower'})`);
  if (json) process.stdout.write(JSON.stringify({ oneWorkerSec: one, twoWorkersSec: two, ratio, cores: (await import('node:os')).cpus().length }) + '\n');
} finally {
  await redis.stop();
}
