// ApiError: what crosses every transport as { code, message }; the message names what is wrong and where.
import type { ApiErrorShape } from '../../shared/api.js';
import { StoreError } from '../store/errors.js';

export type ApiErrorCode = ApiErrorShape['code'];

export const API_ERROR_CODES: ApiErrorCode[] = ['invalid-argument', 'not-found', 'conflict', 'failed', 'unauthorized', 'internal'];

export class ApiError extends Error {
  constructor(
    public code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toJSON(): ApiErrorShape {
    return { code: this.code, message: this.message };
  }
}

export const notFound = (what: string, id: string) => new ApiError('not-found', `${what} '${id}' does not exist.`);
export const invalid = (message: string) => new ApiError('invalid-argument', message);
export const conflict = (message: string) => new ApiError('conflict', message);

/** Any thrown value as an ApiError; `where` (the verb) prefixes messages that lack context. */
export function toApiError(err: unknown, where?: string): ApiError {
  const prefix = where ? `${where}: ` : '';
  if (err instanceof ApiError) return !where || err.message.startsWith(prefix) ? err : new ApiError(err.code, prefix + err.message);
  if (err instanceof StoreError) return new ApiError('failed', prefix + err.message);
  if (err instanceof Error) {
    // Errors that carry an API code of their own (e.g. DatasetError) keep it.
    const own = (err as { code?: unknown }).code;
    if (typeof own === 'string' && (API_ERROR_CODES as string[]).includes(own)) return new ApiError(own as ApiErrorCode, prefix + err.message);
    // Programming errors are 'internal'; errors other modules raise on purpose (bad file, unknown template) are 'failed'.
    const internal = err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError;
    return new ApiError(internal ? 'internal' : 'failed', prefix + (err.message || err.name));
  }
  return new ApiError('internal', prefix + String(err));
}

/** Is this a plain { code, message } as sent over a wire? */
export function isApiErrorShape(v: unknown): v is ApiErrorShape {
  const o = v as ApiErrorShape;
  return !!o && typeof o === 'object' && typeof o.code === 'string' && typeof o.message === 'string';
}
