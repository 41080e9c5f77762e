// English of the validator's problems and the catalog's shape and param errors: the very table that
// words Problem.message (shared/catalog/messages.ts), so the two cannot drift. Keys and placeholders are
// described there; zh/problems.ts has the same keys.
import { PROBLEM_TEXT } from '../../../../shared/catalog/messages.js';

export default structuredClone(PROBLEM_TEXT);
