// Saved designs: the graph as JSON plus its name and notes.
import { randomUUID } from 'node:crypto';
import type { Design, StoredDesign } from '../../shared/design.js';
import { write, type Db } from './db.js';

interface Row {
  id: string;
  name: string;
  notes: string;
  design_json: string;
  created_at: string;
  updated_at: string;
}

const fromRow = (r: Row): StoredDesign => ({
  id: r.id,
  name: r.name,
  notes: r.notes,
  design: JSON.parse(r.design_json) as Design,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createDesignRepo(db: Db) {
  const sel = db.prepare<[string], Row>('SELECT * FROM designs WHERE id = ?');
  const all = db.prepare<[], Row>('SELECT * FROM designs ORDER BY updated_at DESC, name');
  const ins = db.prepare('INSERT INTO designs (id, name, notes, design_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  const upd = db.prepare('UPDATE designs SET name = ?, notes = ?, design_json = ?, updated_at = ? WHERE id = ?');
  const del = db.prepare('DELETE FROM designs WHERE id = ?');

  return {
    get(id: string): StoredDesign | undefined {
      const r = sel.get(id);
      return r ? fromRow(r) : undefined;
    },
    list(): StoredDesign[] {
      return all.all().map(fromRow);
    },
    /** Inserts a new design, or updates the one with this id (keeping its createdAt). */
    save(req: { id?: string; name: string; notes?: string; design: Design }): StoredDesign {
      const now = new Date().toISOString();
      return write(db, 'the designs table', () => {
        const existing = req.id ? sel.get(req.id) : undefined;
        const design: Design = { ...req.design, name: req.name };
        if (existing) {
          upd.run(req.name, req.notes ?? existing.notes, JSON.stringify(design), now, existing.id);
          return fromRow(sel.get(existing.id)!);
        }
        const id = req.id ?? randomUUID();
        ins.run(id, req.name, req.notes ?? '', JSON.stringify(design), now, now);
        return fromRow(sel.get(id)!);
      });
    },
    delete(id: string): boolean {
      return write(db, 'the designs table', () => del.run(id).changes > 0);
    },
  };
}

export type DesignRepo = ReturnType<typeof createDesignRepo>;
