import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, ROOT, cli, json, tmpHome } from './helpers.js';
import { unprivilegedNode } from '../unprivileged.js';

describe('mtl-workbench CLI basics', () => {
  it('lists an empty data folder as JSON, creating the store there', async () => {
    const home = tmpHome();
    const runs = await cli(['runs', 'list', '--json', '--home', home]);
    expect(runs.code).toBe(0);
    expect(json(runs)).toEqual([]);
    expect(fs.existsSync(path.join(home, 'workbench.db'))).toBe(true);
    const [ds, designs] = await Promise.all([cli(['datasets', 'list', '--json', '--home', home]), cli(['designs', 'list', '--json', '--home', home])]);
    expect(json(ds)).toEqual([]);
    expect(json(designs)).toEqual([]);
  });

  it('takes the data folder from MTLW_HOME when --home is absent', async () => {
    const home = tmpHome();
    const r = await cli(['runs', 'list', '--json'], { env: { MTLW_HOME: home } });
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(home, 'workbench.db'))).toBe(true);
  });

  it('errors go to stderr with a non-zero exit; with --json as one JSON object', async () => {
    const home = tmpHome();
    const text = await cli(['runs', 'show', 'nope', '--home', home]);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/Run 'nope' does not exist/);
    const j = await cli(['runs', 'show', 'nope', '--home', home, '--json']);
    expect(j.code).toBe(1);
    expect(j.stdout).toBe('');
    expect(JSON.parse(j.stderr)).toEqual({ error: { code: 'not-found', message: "getRun: Run 'nope' does not exist." } });
    const usage = await cli(['train', '--json', '--home', home]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr).error).toMatchObject({ code: 'usage', message: expect.stringMatching(/--design/) });
    const badNumber = await cli(['train', '--design', 'template:hps', '--dataset', 'x', '--epochs', 'many', '--home', home]);
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toMatch(/--epochs: expected a whole number, got "many"/);
  });

  it('a read-only data folder is a clear error, not a crash', async () => {
    const parent = tmpHome();
    const home = path.join(parent, 'ro');
    fs.mkdirSync(home, { mode: 0o555 });
    fs.chmodSync(home, 0o555);
    // bound by permission bits even as root, and able to read a private (0700) clone
    const run = unprivilegedNode([BIN, 'runs', 'list', '--json', '--home', home]);
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(run.command, run.args, { ...run.options, cwd: ROOT, env: { ...process.env, HOME: parent } });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(r.code).toBe(1);
    const err = JSON.parse(r.stderr.trim().split('\n').pop()!).error;
    expect(err.message).toContain(home);
    expect(err.message).toMatch(/read-only/);
  });

  it('serve prints a loopback URL with a token that answers, and stops on SIGTERM', async () => {
    const home = tmpHome();
    const child = spawn(process.execPath, [BIN, 'serve', '--json', '--home', home], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const info = await new Promise<{ url: string; port: number; home: string }>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        try {
          resolve(JSON.parse(out));
        } catch {
          /* not complete yet */
        }
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
    expect(info.home).toBe(home);
    const token = new URL(info.url).searchParams.get('token')!;
    const res = await fetch(`http://127.0.0.1:${info.port}/api/getSystemInfo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-mtlw-token': token }, body: '{"args":[]}' });
    expect(res.status).toBe(200);
    expect((await res.json()).result).toMatchObject({ dataDir: home, transport: 'web' });
    expect((await fetch(`http://127.0.0.1:${info.port}/api/getSystemInfo`, { method: 'POST', body: '{}' })).status).toBe(401);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to serve on a non-loopback address', async () => {
    const home = path.join(tmpHome(), 'home');
    const r = await cli(['serve', '--host', '0.0.0.0', '--home', home]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/loopback only/);
    expect(fs.existsSync(home), 'a refused serve creates no data folder').toBe(false);
  });
});
