// Runs the real `mtl-workbench` bin in a child process under a memory cap: a small V8 heap
// (--max-old-space-size) and an RSS watchdog that kills the child past `rssCapMb`. A regression that
// allocates without bound then fails the test (overCap) instead of taking the machine down.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/mtl-workbench.js');

export interface CappedResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the watchdog killed the child for passing the RSS cap. */
  overCap: boolean;
  /** The largest resident set seen, in MiB (sampled every 50 ms). */
  peakRssMb: number;
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export interface CappedOptions {
  heapMb?: number;
  rssCapMb?: number;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  cwd?: string;
}

/** The CLI (`mtl-workbench ...args`) under the cap. */
export function cappedCli(args: string[], opts: CappedOptions = {}): Promise<CappedResult> {
  return cappedNode([BIN, ...args], opts);
}

/** A TypeScript script (run through tsx) under the cap. */
export function cappedScript(script: string, args: string[], opts: CappedOptions = {}): Promise<CappedResult> {
  return cappedNode(['--import', 'tsx', script, ...args], opts);
}

function cappedNode(nodeArgs: string[], opts: CappedOptions): Promise<CappedResult> {
  const rssCap = opts.rssCapMb ?? 1536;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${opts.heapMb ?? 256}`, ...nodeArgs], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let overCap = false;
    let peak = 0;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const watchdog = setInterval(() => {
      const rss = rssMb(child.pid!);
      peak = Math.max(peak, rss);
      if (rss > rssCap) {
        overCap = true;
        child.kill('SIGKILL');
      }
    }, 50);
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(watchdog);
      clearTimeout(timer);
      resolve({ code, stdout, stderr, overCap, peakRssMb: Math.round(peak) });
    });
  });
}
