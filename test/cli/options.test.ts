// Option values that used to be misread are refused with exit code 2 and the option named:
// --max-steps 0 meant "no cap", --seeds 1,,2 trained seed 0. Nothing is created in the data folder.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tmpHome } from './helpers.js';

const home = path.join(tmpHome(), 'home');
afterAll(() => fs.rmSync(path.dirname(home), { recursive: true, force: true }));
const train = (...extra: string[]) => cli(['train', '--design', 'template:hps', '--dataset', 'x', '--home', home, ...extra]);

describe('CLI option parsing', () => {
  it('refuses --max-steps 0 (it would mean no cap) and an empty number', async () => {
    const r = await train('--max-steps', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-steps: must be at least 1, got 0/);
    const empty = await train('--epochs', ' ');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--epochs: expected a whole number, got " "/);
  });

  it('refuses an empty item in --seeds instead of reading it as seed 0', async () => {
    for (const seeds of ['1,,2', '1,2,', ',1']) {
      const r = await train('--seeds', seeds);
      expect(r.code, seeds).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`--seeds: item \\d of "${seeds}" is empty`));
    }
    expect(fs.existsSync(home)).toBe(false);
  });
});
