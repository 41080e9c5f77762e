// The store: one SQLite file in the data folder, one repository per table group, artifacts beside it.
import { randomUUID } from 'node:crypto';
import { dbPath } from '../paths.js';
import { openDb, type Db, type OpenDbOptions } from './db.js';
import { createDesignRepo } from './designs.js';
import { createDatasetRepo } from './datasets.js';
import { createMetricRepo } from './metrics.js';
import { createRunRepo } from './runs.js';
import { createArtifactStore } from './artifacts.js';
import { createSweepRepo } from './sweeps.js';

export { StoreError } from './errors.js';

export interface Store {
  home: string;
  file: string;
  db: Db;
  designs: ReturnType<typeof createDesignRepo>;
  datasets: ReturnType<typeof createDatasetRepo>;
  runs: ReturnType<typeof createRunRepo>;
  metrics: ReturnType<typeof createMetricRepo>;
  artifacts: ReturnType<typeof createArtifactStore>;
  sweeps: ReturnType<typeof createSweepRepo>;
  /** Run ids marked 'interrupted' at open (left live by a dead process). */
  interruptedAtOpen: string[];
  close(): void;
}

export function openStore(home: string, opts: OpenDbOptions = {}): Store {
  const file = dbPath(home);
  const db = openDb(file, opts);
  const metrics = createMetricRepo(db);
  const artifacts = createArtifactStore(home);
  const runs = createRunRepo(db, metrics, randomUUID(), artifacts);
  const interruptedAtOpen = runs.interruptOrphans();
  let closed = false;
  return {
    home,
    file,
    db,
    designs: createDesignRepo(db),
    datasets: createDatasetRepo(db),
    runs,
    metrics,
    artifacts,
    sweeps: createSweepRepo(db),
    interruptedAtOpen,
    close() {
      if (closed) return;
      closed = true;
      runs.endSession();
      db.close();
    },
  };
}
