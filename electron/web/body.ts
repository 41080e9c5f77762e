// The API's JSON body parser: a clear 400 for text that is not JSON, and for a "__proto__" key, which is refused
// by name (it could replace an object's prototype further on) rather than reported as invalid JSON.
import { ApiError } from '../services/errors.js';

class BodyError extends ApiError {
  statusCode = 400;
}

export function parseJsonBody(text: string): unknown {
  let hasProto = false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') hasProto = true;
      return value;
    });
  } catch (e) {
    throw new BodyError('invalid-argument', `Body is not valid JSON: ${(e as Error).message}.`);
  }
  if (hasProto) {
    throw new BodyError('invalid-argument', 'The body has a "__proto__" key, which is never accepted (it would change an object\'s prototype): remove or rename it.');
  }
  return parsed;
}
