// Every catalog kind and MTL block on webgpu: forward outputs and gradients of every variable match the cpu
// backend within the tolerance the other backends' parity test uses (same cases, test/engine/model/cases.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../electron/engine/backend.js';
import { CASES } from '../model/cases.js';
import { TOLERANCE, expectMatchesCpu, gradients } from '../model/parity.js';
import { quiet, release, webgpuHere } from './adapter.js';

const here = await webgpuHere();
const worst: Record<string, number> = {};

describe.skipIf(here.skip !== null)(`webgpu: every kind and block matches cpu${here.skip ? ` (skipped: ${here.skip})` : ''}`, () => {
  afterAll(async () => {
    console.log(`[webgpu] ${here.adapter ? `adapter ${here.adapter.vendor} ${here.adapter.architecture}` : ''}; largest relative error per kind: ${Object.entries(worst).map(([k, e]) => `${k} ${e.toExponential(1)}`).join(', ')}`);
    await release();
  });

  it('starts the backend', () => {
    expect(here.error).toBeNull();
    expect(here.adapter).not.toBeNull();
  });

  for (const [kind, make] of Object.entries(CASES)) {
    it(`${kind}: forward and gradients on webgpu match cpu (relative error < ${TOLERANCE})`, async () => {
      const c = make();
      const ref = await gradients('cpu', c);
      const got = await gradients('webgpu', c);
      worst[kind] = expectMatchesCpu(got, ref);
      await initBackend('cpu', quiet);
    });
  }
});
