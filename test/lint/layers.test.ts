// The layer rules of eslint.config.js refuse what each folder may not import (checked on sample lines, as
// they would stand in those files), and accept what it may.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function refusals(file: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: file });
  return res.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-explicit-any').map((m) => m.ruleId!);
}

describe('layer rules', () => {
  it('the engine imports no services, store, web, queue or Electron shell', async () => {
    for (const line of [
      "import { ApiError } from '../services/errors.js';",
      "import { openStore } from '../../store/index.js';",
      "import { startWebServer } from '../web/server.js';",
      "import { app } from 'electron';",
      "import '../main.js';",
    ]) expect(await refusals('electron/engine/train/sample.ts', `${line}\n`), line).toEqual(['no-restricted-imports']);
    expect(await refusals('electron/engine/train/sample.ts', "import type { Tf } from './tf.js';\nimport type { Design } from '../../../shared/design.js';\n")).toEqual([]);
  });

  it("datasets never import the engine's training code", async () => {
    expect(await refusals('electron/datasets/sample.ts', "import { train } from '../engine/train/loop.js';\n")).toEqual(['no-restricted-imports']);
    expect(await refusals('electron/datasets/sample.ts', "import * as tf from '@tensorflow/tfjs';\n")).toEqual(['no-restricted-imports']);
    expect(await refusals('electron/datasets/sample.ts', "import type { LoadedDataset } from '../engine/types.js';\n")).toEqual([]);
  });

  it('the preload imports only electron and its bridge; migrations import nothing', async () => {
    expect(await refusals('electron/preload.ts', "import { contextBridge } from 'electron';\nimport { buildBridge } from './preload-bridge.js';\n")).toEqual([]);
    expect(await refusals('electron/preload.ts', "import { bindApi } from './ipc.js';\n")).toEqual(['no-restricted-imports']);
    expect(await refusals('electron/store/migrations.ts', "import { writeCurveCache } from './curves.js';\n")).toEqual(['no-restricted-imports']);
  });

  it('shared/ has no explicit any', async () => {
    expect(await refusals('shared/sample.ts', 'export const f = (x: any) => x;\n')).toEqual(['@typescript-eslint/no-explicit-any']);
  });
});
