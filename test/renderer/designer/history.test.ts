// Undo/redo stack: every recorded edit can be undone and redone; typing in one field is one step.
import { describe, expect, it } from 'vitest';
import { UndoHistory } from '../../../renderer/designer/history.js';

describe('UndoHistory', () => {
  it('undoes and redoes edits in order', () => {
    const h = new UndoHistory<string>();
    let state = 'a';
    const edit = (next: string) => {
      h.record(state);
      state = next;
    };
    edit('b');
    edit('c');
    expect(h.canUndo).toBe(true);
    expect(h.canRedo).toBe(false);
    state = h.undo(state)!;
    expect(state).toBe('b');
    state = h.undo(state)!;
    expect(state).toBe('a');
    expect(h.undo(state)).toBeUndefined();
    state = h.redo(state)!;
    state = h.redo(state)!;
    expect(state).toBe('c');
    expect(h.redo(state)).toBeUndefined();
  });

  it('drops the redo stack when a new edit is made after undo', () => {
    const h = new UndoHistory<string>();
    let state = 'a';
    h.record(state);
    state = 'b';
    state = h.undo(state)!;
    expect(h.canRedo).toBe(true);
    h.record(state);
    state = 'x';
    expect(h.canRedo).toBe(false);
    expect(h.undo(state)).toBe('a');
  });

  it('merges edits with the same key inside the window into one step, and not outside it', () => {
    const h = new UndoHistory<string>(100, 1000);
    let state = '';
    for (const [i, ch] of ['6', '4'].entries()) {
      h.record(state, { key: 'param:dense_1:units', now: 1000 + i * 200 });
      state += ch;
    }
    expect(state).toBe('64');
    expect(h.depth.undo).toBe(1);
    h.record(state, { key: 'param:dense_1:units', now: 5000 }); // much later: a new step
    state = '640';
    expect(h.depth.undo).toBe(2);
    expect(h.undo(state)).toBe('64');
    // another key never merges
    h.record('64', { key: 'param:dense_1:activation', now: 5100 });
    expect(h.depth.undo).toBe(2);
  });

  it('seal() stops merging; undo also ends a merge run', () => {
    const h = new UndoHistory<string>();
    h.record('a', { key: 'k', now: 0 });
    h.seal();
    h.record('b', { key: 'k', now: 10 });
    expect(h.depth.undo).toBe(2);
    const back = h.undo('c');
    expect(back).toBe('b');
    h.record('b', { key: 'k', now: 20 });
    expect(h.depth.undo).toBe(2);
  });

  it('keeps at most `limit` steps, forgetting the oldest', () => {
    const h = new UndoHistory<number>(3);
    for (let i = 0; i < 10; i++) h.record(i);
    expect(h.depth.undo).toBe(3);
    expect(h.undo(10)).toBe(9);
    expect(h.undo(9)).toBe(8);
    expect(h.undo(8)).toBe(7);
    expect(h.undo(7)).toBeUndefined();
  });
});
