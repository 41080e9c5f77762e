import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { firstErrorLine, runNodeScript } from '../../electron/shell/run-limited.js';

describe('helper processes (installer, prebuild-install, @electron/rebuild)', () => {
  it('their failure is told in one line: the error with its continuation, no stack', () => {
    const nodeGyp = [
      'Searching dependency tree',
      'Building modules: better-sqlite3',
      '',
      'Error: This is most likely not a problem with node-gyp or the package itself and',
      'is related to network connectivity.',
      '    at go (/x/node-gyp/lib/install.js:244:21)',
      '✖ Rebuild Failed',
    ].join('\n');
    expect(firstErrorLine(nodeGyp)).toBe('Error: This is most likely not a problem with node-gyp or the package itself and is related to network connectivity.');
    expect(firstErrorLine('HTTPError: Response code 404 (Not Found) for http://h/x.zip\n    at FetchDownloader.download (f.js:1:1)')).toBe('HTTPError: Response code 404 (Not Found) for http://h/x.zip');
    expect(firstErrorLine('prebuild-install warn install getaddrinfo ENOTFOUND github.com\n')).toBe('prebuild-install warn install getaddrinfo ENOTFOUND github.com');
    expect(firstErrorLine('')).toBe('no output');
    expect(firstErrorLine(`Error: ${'x'.repeat(400)}`)).toHaveLength(301);
  });

  it('a helper that runs past its limit is stopped and reported as timed out, with ticks meanwhile', async () => {
    const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-limited-')), 'hang.cjs');
    fs.writeFileSync(script, "console.log('started'); setInterval(() => {}, 1000);");
    const ticks: number[] = [];
    const r = await runNodeScript(script, [], { cwd: path.dirname(script), env: process.env, timeoutMs: 2500, tick: (s) => ticks.push(s) });
    expect(r.timedOut).toBe(true);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('started');
    expect(ticks.length).toBeGreaterThan(0);
    const ok = await runNodeScript(script.replace('hang', 'ok'), [], { cwd: path.dirname(script), env: process.env, timeoutMs: 60_000 }).catch((e) => e);
    expect(ok.code).not.toBe(0); // a missing script is a failure with Node's message, not a hang
    expect(ok.output).toMatch(/Cannot find module/);
    fs.rmSync(path.dirname(script), { recursive: true, force: true });
  });
});
