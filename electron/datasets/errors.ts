// One error type for everything a user can get wrong about data: it names the file and, where it
// applies, the line and column, so the message can be shown as is.

export type DatasetErrorCode = 'invalid-argument' | 'not-found' | 'failed';

export interface DatasetErrorInit {
  file?: string;
  /** 1-based physical line in a text file. */
  line?: number;
  /** 1-based column (field number for CSV). */
  column?: number;
  /** A column's name, when there is one. */
  columnName?: string;
  code?: DatasetErrorCode;
  cause?: unknown;
}

export class DatasetError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly columnName?: string;
  readonly code: DatasetErrorCode;
  /** The message without the location prefix. */
  readonly reason: string;

  constructor(reason: string, init: DatasetErrorInit = {}) {
    super(formatMessage(reason, init), init.cause !== undefined ? { cause: init.cause } : undefined);
    this.name = 'DatasetError';
    this.reason = reason;
    this.file = init.file;
    this.line = init.line;
    this.column = init.column;
    this.columnName = init.columnName;
    this.code = init.code ?? 'invalid-argument';
  }
}

function formatMessage(reason: string, init: DatasetErrorInit): string {
  const where: string[] = [];
  if (init.file) where.push(init.file);
  if (init.line !== undefined) where.push(`line ${init.line}`);
  if (init.column !== undefined) {
    where.push(init.columnName !== undefined ? `column ${init.column} (${JSON.stringify(init.columnName)})` : `column ${init.column}`);
  } else if (init.columnName !== undefined) {
    where.push(`column ${JSON.stringify(init.columnName)}`);
  }
  return where.length ? `${where.join(', ')}: ${reason}` : reason;
}

export function isDatasetError(e: unknown): e is DatasetError {
  return e instanceof DatasetError;
}
