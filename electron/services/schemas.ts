// The API schemas live in shared/schemas/ (one file per concept); this module binds them to ApiError
// for the three transports (the in-process service, the web server and the IPC handlers).
import type { ApiMethod, WorkbenchApi } from '../../shared/api.js';
import { checkArgs } from '../../shared/schemas/api.js';
import { ApiError } from './errors.js';

export { ARGS, formatZodError, isApiMethod } from '../../shared/schemas/api.js';
export { designSchema } from '../../shared/schemas/design.js';
export { builtinRequestSchema, importRequestSchema } from '../../shared/schemas/dataset.js';
export { runConfigSchema, runFilterSchema } from '../../shared/schemas/run.js';

/** Parses a verb's arguments; throws ApiError('invalid-argument') with every problem named. */
export function parseArgs<M extends ApiMethod>(method: M, args: unknown): Parameters<WorkbenchApi[M]> {
  const res = checkArgs(method, args);
  if (!res.ok) throw new ApiError('invalid-argument', res.message);
  return res.args;
}
