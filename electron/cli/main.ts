// The `mtl-workbench` command line: serve, train, runs, datasets, designs. `--json` on every command;
// errors go to stderr with a non-zero exit.
import { Command, CommanderError } from 'commander';
import fs from 'node:fs';
import { serveCommand } from './commands/serve.js';
import { trainCommand } from './commands/train.js';
import { runsCommand } from './commands/runs.js';
import { datasetsCommand } from './commands/datasets.js';
import { designsCommand } from './commands/designs.js';
import { dbCommand } from './commands/db.js';
import { sweepCommand } from './commands/sweep.js';
import { workerCommand } from './commands/worker.js';
import { keepStdoutForResults, out, reportError } from './output.js';

export function buildProgram(json = false): Command {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const program = new Command('mtl-workbench')
    .description('MTL Workbench: design, train and compare multi-task networks')
    .version(pkg.version)
    .exitOverride();
  // with --json, stderr carries only the one JSON error object
  program.configureOutput(json ? { writeOut: out, writeErr: () => {}, outputError: () => {} } : { writeOut: out });
  if (!json) program.showHelpAfterError('(add --help for usage)');
  serveCommand(program);
  trainCommand(program);
  runsCommand(program);
  datasetsCommand(program);
  designsCommand(program);
  dbCommand(program);
  sweepCommand(program);
  workerCommand(program);
  // every sub-command fails the same way (exitOverride throws instead of exiting)
  const walk = (c: Command) => {
    c.exitOverride();
    c.commands.forEach(walk);
  };
  walk(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  keepStdoutForResults();
  const json = argv.includes('--json');
  const program = buildProgram(json);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      if (json) process.stderr.write(JSON.stringify({ error: { code: 'usage', message: err.message.replace(/^error: /, '') } }) + '\n');
      return 2;
    }
    return reportError(err, json);
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
