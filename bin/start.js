#!/usr/bin/env node
// `npm start`: the desktop app (electron/shell/launcher.ts decides and prepares), or web mode with one line why.
// `--web` / MTLW_WEB=1 force web mode; `--prepare-native` only prepares the Electron build of better-sqlite3.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { planLaunch, progressPrinter } = await import('../electron/shell/launcher.ts');
const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const plan = await planLaunch({
  root,
  argv: process.argv.slice(2),
  env: process.env,
  say: (line) => console.log(line),
  progress: progressPrinter(process.stdout),
});

if (plan.mode === 'prepared') {
  console.log(`Electron's SQLite module is ready: ${plan.path}`);
} else if (plan.mode === 'failed') {
  console.error(plan.reason);
  process.exitCode = 1;
} else if (plan.mode === 'electron') {
  const child = spawn(plan.binary, plan.args, { stdio: 'inherit', env: plan.env, cwd: root });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
} else {
  console.log(`Starting web mode instead of the desktop app: ${plan.reason.replace(/\.$/, '')}.`);
  const { serve } = await import('../electron/cli/commands/serve.ts');
  const { homeFromArgv } = await import('../electron/paths.ts');
  const port = Number(process.env.MTLW_PORT ?? process.env.PORT ?? 0) || undefined;
  await serve({ home: homeFromArgv(plan.args), port });
}
