// Runs a helper process (Electron's installer, prebuild-install, @electron/rebuild) under a time limit, with a
// tick each second for a progress line, and its output kept for the one-line reason when it fails.
import { spawn } from 'node:child_process';

export interface Limited {
  code: number | null;
  output: string;
  timedOut: boolean;
  seconds: number;
}

export interface LimitedOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Called about once a second with the seconds elapsed. */
  tick?(seconds: number): void;
}

/** Runs `node script args…` (the helpers are Node scripts; process.execPath avoids PATH and .cmd shims). */
export async function runNodeScript(script: string, args: string[], opts: LimitedOptions): Promise<Limited> {
  const t0 = Date.now();
  // the parent's IPC channel (a test runner's, npm's) is not the helper's
  const env = { ...opts.env };
  delete env.NODE_CHANNEL_FD;
  delete env.NODE_CHANNEL_SERIALIZATION_MODE;
  const child = spawn(process.execPath, [script, ...args], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const elapsed = () => Math.round((Date.now() - t0) / 1000);
  const ticker = opts.tick ? setInterval(() => opts.tick!(elapsed()), 1000) : undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 2000).unref();
  }, opts.timeoutMs);
  const code = await new Promise<number | null>((resolve) => {
    child.on('error', (err) => {
      output += String(err);
      resolve(-1);
    });
    child.on('exit', (c) => resolve(c));
  });
  if (ticker) clearInterval(ticker);
  clearTimeout(timer);
  return { code, output, timedOut, seconds: elapsed() };
}

/** A helper's error in one line: the first message that names an error (with its continuation lines), else the last line. */
export function firstErrorLine(output: string): string {
  const lines = output.split('\n').map((l) => l.trim());
  const isError = (l: string) => /^(\w*Error\b|Error:|ERR!|error\b)|did not match|checksum|\b40[34]\b/i.test(l);
  const at = lines.findIndex((l) => l && !l.startsWith('at ') && isError(l));
  let line: string;
  if (at < 0) {
    line = lines.filter((l) => l && !l.startsWith('at ')).at(-1) ?? 'no output';
  } else {
    const parts = [lines[at]];
    for (let i = at + 1; i < lines.length && lines[i] && !lines[i].startsWith('at ') && !isError(lines[i]); i++) parts.push(lines[i]);
    line = parts.join(' ');
  }
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
