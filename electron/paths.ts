// Where the workbench keeps its data: `--home DIR` > env MTLW_HOME > Electron's userData > ~/.mtl-workbench.
import os from 'node:os';
import path from 'node:path';

export interface HomeSources {
  /** Command-line arguments to look for `--home DIR` / `--home=DIR` in. */
  argv?: string[];
  env?: Record<string, string | undefined>;
  /** Electron's app.getPath('userData'), when running inside Electron. */
  electronUserData?: string;
}

/** Finds `--home DIR` or `--home=DIR` in argv. */
export function homeFromArgv(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--home' && i + 1 < argv.length) return argv[i + 1];
    if (a.startsWith('--home=')) return a.slice('--home='.length);
  }
  return undefined;
}

/** The data folder, as an absolute path. */
export function resolveHome(src: HomeSources = {}): string {
  const fromArgv = src.argv ? homeFromArgv(src.argv) : undefined;
  const env = src.env ?? process.env;
  const chosen =
    (fromArgv && fromArgv.trim()) ||
    (env.MTLW_HOME && env.MTLW_HOME.trim()) ||
    src.electronUserData ||
    path.join(os.homedir(), '.mtl-workbench');
  return path.resolve(chosen);
}

export const DB_FILE = 'workbench.db';

export function dbPath(home: string): string {
  return path.join(home, DB_FILE);
}

/** Weights and other files of one run: `<home>/artifacts/<runId>/`. */
export function artifactsDir(home: string, runId?: string): string {
  return runId ? path.join(home, 'artifacts', runId) : path.join(home, 'artifacts');
}

/** Materialised datasets and the download cache live here. */
export function datasetsDir(home: string): string {
  return path.join(home, 'datasets');
}
