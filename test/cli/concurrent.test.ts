import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BIN, ROOT, cli, json, tmpHome } from './helpers.js';

describe('the app (web mode) and the CLI on one data folder at once', () => {
  it('wait for each other instead of failing, and neither takes the other’s live run for dead', async () => {
    const home = tmpHome();
    const ds = json(await cli(['datasets', 'builtin', 'mmoe-synthetic', '--option', 'rows=300', '--option', 'dim=8', '--json', '--home', home]));
    const server = spawn(process.execPath, [BIN, 'serve', '--json', '--home', home], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let buf = '';
      const info = await new Promise<{ port: number; url: string }>((resolve, reject) => {
        server.stdout.on('data', (d) => {
          buf += d;
          try {
            resolve(JSON.parse(buf));
          } catch {
            /* partial */
          }
        });
        server.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
      });
      const token = new URL(info.url).searchParams.get('token')!;
      const call = async (method: string, ...args: unknown[]) => {
        const res = await fetch(`http://127.0.0.1:${info.port}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-mtlw-token': token }, body: JSON.stringify({ args }) });
        const body = await res.json();
        if (!res.ok) throw new Error(body.error.message);
        return body.result;
      };
      const design = await call('buildTemplate', { template: 'hps', datasetIds: [ds.id] });
      const { runIds: [appRun] } = await call('startRun', {
        design, datasets: [ds.id], optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'constant' }, epochs: 10_000, batchSize: 16,
        weighting: { name: 'ew', params: {} }, seed: 1, backend: 'cpu', maxStepsPerEpoch: 2,
      });
      for (let i = 0; (await call('getRun', appRun)).status !== 'running'; i++) {
        expect(i).toBeLessThan(400);
        await new Promise((r) => setTimeout(r, 100));
      }

      // the CLI opens the same file while the app writes metrics: it waits for the lock, and leaves the app's run alone
      const [list, trained] = await Promise.all([
        cli(['runs', 'list', '--json', '--home', home]),
        cli(['train', '--design', 'template:hps', '--dataset', ds.id, '--epochs', '2', '--max-steps', '2', '--backend', 'cpu', '--json', '--home', home]),
      ]);
      expect(list.code, list.stderr).toBe(0);
      expect(json(list).find((r: { id: string }) => r.id === appRun).status).toBe('running');
      expect(trained.code, trained.stderr).toBe(0);
      expect(json(trained).status).toBe('completed');
      expect((await call('getRun', appRun)).status).toBe('running');
      // the app sees the CLI's run too
      expect((await call('listRuns')).map((r: { id: string }) => r.id)).toContain(json(trained).runId);
      // a CLI cannot stop the app's run (it lives in another process), the app can
      await call('stopRun', appRun);
      for (let i = 0; (await call('getRun', appRun)).status !== 'stopped'; i++) {
        expect(i).toBeLessThan(100);
        await new Promise((r) => setTimeout(r, 100));
      }
      const metrics = await call('getRunMetrics', appRun);
      expect(metrics.length).toBeGreaterThan(0);
    } finally {
      const exited = new Promise((r) => server.on('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
  });
});
