// Regression: the fused Adam update on wasm once wrote in place into buffers shared at the engine
// level, and training diverged on wasm while the same run learned on cpu. A whole run through the
// CLI must give the same metrics on both backends.
import { describe, expect, it } from 'vitest';
import { cli, json, tmpHome } from '../../cli/helpers.js';

describe('Adam on wasm trains like Adam on cpu', () => {
  it('MMoE on mmoe-synthetic: final metrics agree across backends', async () => {
    const home = tmpHome();
    const ds = json(await cli(['datasets', 'builtin', 'mmoe-synthetic', '--option', 'rows=1000', '--home', home, '--json']));
    const finals: Record<string, Record<string, Record<string, number>>> = {};
    for (const backend of ['wasm', 'cpu']) {
      const r = await cli(['train', '--design', 'template:mmoe', '--dataset', ds.id, '--epochs', '3', '--batch-size', '64',
        '--optimizer', 'adam', '--lr', '0.001', '--seed', '5', '--home', home, '--backend', backend, '--json'], { timeoutMs: 240_000 });
      const out = json(r);
      expect(out.status).toBe('completed');
      finals[backend] = Object.fromEntries(Object.entries(out.tasks as Record<string, { final: Record<string, number> }>).map(([t, m]) => [t, m.final]));
    }
    for (const task of Object.keys(finals.cpu)) {
      expect(finals.wasm[task].mse).toBeCloseTo(finals.cpu[task].mse, 3);
      expect(finals.wasm[task].r2).toBeGreaterThan(0); // it learned something
    }
  });
});
