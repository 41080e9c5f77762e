// One test file's Redis, worker processes and folders: started before its tests, all ended and removed after.
import fs from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { spawnCli, startRedis, stopProc, tmpDir, TOKEN, type Proc, type Redis } from './harness.js';

export function queueSuite() {
  let redis: Redis | undefined;
  const procs: Proc[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const p of procs) await stopProc(p, 'SIGKILL');
    await redis?.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const suite = {
    get redis(): Redis {
      return redis!;
    },
    track(p: Proc): Proc {
      procs.push(p);
      return p;
    },
    dir(prefix: string): string {
      const d = tmpDir(prefix);
      dirs.push(d);
      return d;
    },
    /** A `mtl-workbench worker` process on the cpu backend with its own cache folder. */
    worker(coordinator: string, extra: string[] = [], token = TOKEN): Proc {
      return suite.track(spawnCli(['worker', '--queue', redis!.url, '--coordinator', coordinator, '--token', token, '--home', suite.dir('mtlw-worker-'), '--backend', 'cpu', ...extra]));
    },
  };
  return suite;
}
