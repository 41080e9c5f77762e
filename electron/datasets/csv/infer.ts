// Column profiles (pass 1) and the decisions drawn from them: numeric, categorical, text or ignored;
// for task columns binary, multiclass or regression.
import type { TaskKind } from '../../../shared/dataset.js';
import { DatasetError } from '../errors.js';
import { isMissingTrimmed, parseNumber as parsePlainNumber, trimValue, type NumberParser } from './values.js';

export type ColumnKind = 'numeric' | 'categorical' | 'text' | 'ignore';

/** Distinct values tracked per column before it counts as "many" (identifiers, free text). */
export const AUTO_DISTINCT_CAP = 1000;
/** Hard cap for columns the user declared categorical or classification tasks. */
export const FORCED_DISTINCT_CAP = 100_000;
const WORD_SAMPLE = 2000;

export class ColumnProfile {
  nonMissing = 0;
  numeric = 0;
  integers = 0;
  firstNonNumeric: { line: number; value: string } | null = null;
  /** Trimmed value -> count (all rows), until `overflow`. */
  distinct = new Map<string, number>();
  overflow = false;
  private wordSamples = 0;
  private words = 0;
  private chars = 0;

  constructor(readonly cap: number, readonly parseNumber: NumberParser = parsePlainNumber) {}

  add(raw: string, line: number): void {
    const v = trimValue(raw);
    if (isMissingTrimmed(v)) return;
    this.nonMissing++;
    const n = this.parseNumber(v);
    if (n !== null) {
      this.numeric++;
      if (Number.isInteger(n)) this.integers++;
    } else {
      if (this.firstNonNumeric === null) this.firstNonNumeric = { line, value: v };
      if (this.wordSamples < WORD_SAMPLE) {
        this.wordSamples++;
        this.chars += v.length;
        let w = 1;
        for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) === 32 && i + 1 < v.length && v.charCodeAt(i + 1) !== 32) w++;
        this.words += w;
      }
    }
    if (!this.overflow) {
      const c = this.distinct.get(v);
      if (c !== undefined) this.distinct.set(v, c + 1);
      else if (this.distinct.size >= this.cap) this.overflow = true;
      else this.distinct.set(v, 1);
    }
  }

  get allNumeric(): boolean {
    return this.nonMissing > 0 && this.numeric === this.nonMissing;
  }

  get meanWords(): number {
    return this.wordSamples ? this.words / this.wordSamples : 0;
  }

  get meanChars(): number {
    return this.wordSamples ? this.chars / this.wordSamples : 0;
  }
}

export interface KindDecision {
  kind: ColumnKind;
  note?: string;
}

export function decideFeatureKind(p: ColumnProfile, name: string): KindDecision {
  if (p.nonMissing === 0) return { kind: 'ignore', note: `${name}: every value is missing; ignored` };
  if (p.allNumeric) return { kind: 'numeric' };
  if (p.meanWords >= 3 || (p.overflow && p.meanWords >= 2) || p.meanChars >= 40) return { kind: 'text' };
  if (p.overflow) {
    return { kind: 'ignore', note: `${name}: more than ${p.cap} distinct values, like an identifier; ignored (declare it categorical or text to keep it)` };
  }
  return { kind: 'categorical' };
}

/** Sorted category names: numerically when they are all numbers. */
export function sortedValues(values: Iterable<string>, parseNumber: NumberParser = parsePlainNumber): string[] {
  const list = [...values];
  if (list.every((v) => parseNumber(v) !== null)) return list.sort((a, b) => parseNumber(a)! - parseNumber(b)! || (a < b ? -1 : a > b ? 1 : 0));
  return list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface TaskDecision {
  kind: TaskKind;
  /** Class names (classification). */
  classes?: string[];
  /** For numeric class labels: the numeric value of each class. */
  classValues?: number[];
}

export interface TaskContext {
  file: string;
  column: number;
  name: string;
}

const TASK_KIND_ALIASES: Record<string, TaskKind | 'classification'> = {
  regression: 'regression', numeric: 'regression', reg: 'regression',
  binary: 'binary', multiclass: 'multiclass', classification: 'classification', class: 'classification', categorical: 'classification',
};

export function parseTaskKind(s: string): TaskKind | 'classification' | undefined {
  return TASK_KIND_ALIASES[s.toLowerCase()];
}

export function decideTask(p: ColumnProfile, declared: TaskKind | 'classification' | undefined, ctx: TaskContext): TaskDecision {
  const where = { file: ctx.file, column: ctx.column, columnName: ctx.name };
  if (p.nonMissing === 0) throw new DatasetError('the task column has no labels at all (every value is missing)', where);
  if (declared === 'regression' || (declared === undefined && p.allNumeric && !looksCategorical(p))) {
    if (!p.allNumeric) {
      const bad = p.firstNonNumeric!;
      throw new DatasetError(`a regression task needs numbers, found ${JSON.stringify(bad.value)}`, { ...where, line: bad.line });
    }
    if (!p.overflow && p.distinct.size < 2) {
      throw new DatasetError(`the task column has a single value (${[...p.distinct.keys()][0]}): nothing to learn`, where);
    }
    return { kind: 'regression' };
  }
  if (p.overflow) {
    throw new DatasetError(`more than ${p.cap} distinct labels: too many classes${p.allNumeric ? ' (declare it :regression)' : ''}`, where);
  }
  let classes: string[];
  let classValues: number[] | undefined;
  if (p.allNumeric) {
    // Merge spellings of one number ("1", "1.0").
    const byValue = new Map<number, string>();
    for (const k of p.distinct.keys()) {
      const n = p.parseNumber(k)!;
      if (!byValue.has(n)) byValue.set(n, String(n));
    }
    classValues = [...byValue.keys()].sort((a, b) => a - b);
    classes = classValues.map((v) => byValue.get(v)!);
  } else {
    classes = sortedValues(p.distinct.keys());
  }
  if (classes.length < 2) {
    throw new DatasetError(`the label column has a single class (${JSON.stringify(classes[0])}): a task needs at least two`, where);
  }
  if (declared === 'binary' && classes.length !== 2) {
    throw new DatasetError(`declared binary, but it has ${classes.length} classes`, where);
  }
  const kind: TaskKind = declared === 'binary' || declared === 'multiclass' ? declared : classes.length === 2 ? 'binary' : 'multiclass';
  return { kind, classes, classValues };
}

/** A numeric task column with few integer values is a class label. */
function looksCategorical(p: ColumnProfile): boolean {
  if (p.overflow) return false;
  const d = p.distinct.size;
  if (d === 2) return true;
  return p.integers === p.numeric && d <= 20 && d < p.nonMissing;
}
