// Undo/redo of design edits: a stack of snapshots (serialised designs). Every change records the state
// before it; edits with the same coalesce key within a short window (typing in one field, nudging one
// node) count as one step.

export interface RecordOptions {
  /** Edits with the same key within `coalesceMs` of each other merge into one undo step. */
  key?: string;
  now?: number;
}

export class UndoHistory<T> {
  private past: T[] = [];
  private future: T[] = [];
  private lastKey: string | undefined;
  private lastTime = 0;

  constructor(
    private readonly limit = 200,
    private readonly coalesceMs = 1000,
  ) {}

  /** Record `before`, the state just before an edit. Clears the redo stack. */
  record(before: T, opts: RecordOptions = {}): void {
    const now = opts.now ?? Date.now();
    const merge = opts.key !== undefined && opts.key === this.lastKey && now - this.lastTime <= this.coalesceMs && this.past.length > 0;
    if (!merge) {
      this.past.push(before);
      if (this.past.length > this.limit) this.past.shift();
    }
    this.future = [];
    this.lastKey = opts.key;
    this.lastTime = now;
  }

  /** The state to go back to, given the current one (which becomes redoable); undefined when nothing to undo. */
  undo(current: T): T | undefined {
    const prev = this.past.pop();
    if (prev === undefined) return undefined;
    this.future.push(current);
    this.lastKey = undefined;
    return prev;
  }

  redo(current: T): T | undefined {
    const next = this.future.pop();
    if (next === undefined) return undefined;
    this.past.push(current);
    this.lastKey = undefined;
    return next;
  }

  /** Stop merging: the next edit starts a new step even with the same key. */
  seal(): void {
    this.lastKey = undefined;
  }

  clear(): void {
    this.past = [];
    this.future = [];
    this.lastKey = undefined;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  get depth(): { undo: number; redo: number } {
    return { undo: this.past.length, redo: this.future.length };
  }
}
