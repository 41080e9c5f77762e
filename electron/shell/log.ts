// The main process's log: one line per event in <logs>/main.log (Electron's app.getPath('logs')), and the console.
import fs from 'node:fs';
import path from 'node:path';

export type Log = (level: 'info' | 'error', message: string) => void;

export function fileLog(dir: string | null, stream: { write(s: string): unknown } = process.stderr): Log & { file: string | null } {
  let file: string | null = null;
  if (dir) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      file = path.join(dir, 'main.log');
    } catch {
      file = null; // an unwritable logs folder must not stop the app
    }
  }
  const log = (level: 'info' | 'error', message: string) => {
    const line = `${new Date().toISOString()} ${level} ${message}\n`;
    stream.write(line);
    if (file) {
      try {
        fs.appendFileSync(file, line);
      } catch {
        /* the console still has it */
      }
    }
  };
  return Object.assign(log, { file });
}
