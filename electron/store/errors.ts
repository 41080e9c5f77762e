// Store failures the user can act on, each with a message that says what happened and where.
export type StoreErrorKind = 'read-only' | 'disk-full' | 'busy' | 'corrupt' | 'too-new' | 'failed';

export class StoreError extends Error {
  constructor(
    public kind: StoreErrorKind,
    message: string,
    public cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

function codeOf(err: unknown): string {
  const e = err as { code?: unknown };
  return typeof e?.code === 'string' ? e.code : '';
}

/** SQLite found the file damaged (a read or a write), or it is not a database at all. */
export function isCorrupt(err: unknown): boolean {
  if (err instanceof StoreError) return err.kind === 'corrupt';
  const code = codeOf(err);
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

/** Turns an fs or SQLite error into a StoreError naming the file and what to do. */
export function toStoreError(err: unknown, where: string): StoreError {
  if (err instanceof StoreError) return err;
  const code = codeOf(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EROFS' || code === 'EPERM' || code.startsWith('SQLITE_CANTOPEN')) {
    return new StoreError('read-only', `Cannot write to ${where}: the data folder is read-only or not accessible (${detail}). Choose a writable folder with --home DIR or MTLW_HOME.`, err);
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new StoreError('disk-full', `Cannot write to ${where}: the disk is full (${detail}). Nothing was half-written; free some space and try again.`, err);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError('busy', `${where} is locked by another process for more than the busy timeout (${detail}). Try again when it is done.`, err);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new StoreError('corrupt', `${where} is not a valid workbench database (${detail}).`, err);
  }
  return new StoreError('failed', `Store error on ${where}: ${detail}`, err);
}
