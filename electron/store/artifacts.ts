// Run artifacts (weights and the like): files beside the DB under <home>/artifacts/<runId>/.
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir } from '../paths.js';
import { toStoreError } from './errors.js';

export interface ArtifactInfo {
  name: string;
  path: string;
  bytes: number;
}

const SAFE_ID = /^[A-Za-z0-9_-]+$/;

/** Per-epoch checkpoints under a run's folder: epochs/<epoch>/ (engine/train/artifacts.ts writes them). */
export const EPOCHS_DIR = 'epochs';

export function createArtifactStore(home: string) {
  const dirOf = (runId: string): string => {
    if (!SAFE_ID.test(runId)) throw new Error(`Not a run id: ${JSON.stringify(runId)}`);
    return artifactsDir(home, runId);
  };
  return {
    root: artifactsDir(home),
    /** The run's folder, created on demand (the engine writes weights here). */
    dir(runId: string): string {
      const dir = dirOf(runId);
      try {
        fs.mkdirSync(dir, { recursive: true });
      } catch (err) {
        throw toStoreError(err, dir);
      }
      return dir;
    },
    list(runId: string): ArtifactInfo[] {
      const dir = dirOf(runId);
      if (!fs.existsSync(dir)) return [];
      const out: ArtifactInfo[] = [];
      const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else if (e.isFile()) out.push({ name: path.relative(dir, p), path: p, bytes: fs.statSync(p).size });
        }
      };
      walk(dir);
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
    /**
     * Where the run kept a checkpoint per epoch (its selection needed its baselines, which train after it): the
     * selected epoch's weights become the run's weights and the other epochs go. false where there is nothing
     * to settle (no per-epoch checkpoints, or none of that epoch).
     */
    settleWeights(runId: string, epoch: number): boolean {
      const dir = dirOf(runId);
      const epochs = path.join(dir, EPOCHS_DIR);
      const chosen = path.join(epochs, String(epoch));
      if (!fs.existsSync(epochs)) return false;
      try {
        if (!fs.existsSync(path.join(chosen, 'model.json'))) return false;
        for (const f of fs.readdirSync(chosen)) fs.copyFileSync(path.join(chosen, f), path.join(dir, f));
        fs.rmSync(epochs, { recursive: true, force: true });
        return true;
      } catch (err) {
        throw toStoreError(err, chosen);
      }
    },
    remove(runId: string): void {
      fs.rmSync(dirOf(runId), { recursive: true, force: true });
    },
  };
}

export type ArtifactStore = ReturnType<typeof createArtifactStore>;
