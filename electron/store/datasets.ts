// Dataset records: DatasetInfo as JSON plus queryable columns. Implements the DatasetRepo seam.
import type { DatasetInfo } from '../../shared/dataset.js';
import type { DatasetRepo } from '../datasets/types.js';
import { write, type Db } from './db.js';

interface Row {
  info_json: string;
}

export function createDatasetRepo(db: Db): DatasetRepo & { has(id: string): boolean } {
  const sel = db.prepare<[string], Row>('SELECT info_json FROM datasets WHERE id = ?');
  const all = db.prepare<[], Row>('SELECT info_json FROM datasets ORDER BY created_at, name');
  const ins = db.prepare(
    `INSERT INTO datasets (id, name, source, rows, checksum, info_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, source = excluded.source, rows = excluded.rows,
       checksum = excluded.checksum, info_json = excluded.info_json`,
  );
  const del = db.prepare('DELETE FROM datasets WHERE id = ?');

  return {
    insert(info: DatasetInfo): void {
      write(db, 'the datasets table', () => {
        ins.run(info.id, info.name, info.spec.source, info.rows, info.checksum, JSON.stringify(info), info.createdAt);
      });
    },
    get(id: string): DatasetInfo | undefined {
      const r = sel.get(id);
      return r ? (JSON.parse(r.info_json) as DatasetInfo) : undefined;
    },
    has(id: string): boolean {
      return sel.get(id) !== undefined;
    },
    list(): DatasetInfo[] {
      return all.all().map((r) => JSON.parse(r.info_json) as DatasetInfo);
    },
    delete(id: string): void {
      write(db, 'the datasets table', () => {
        del.run(id);
      });
    },
  };
}
