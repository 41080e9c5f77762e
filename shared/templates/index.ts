// The template registry: each template builds a design for the chosen datasets. Adding one = one file + one line + one test.
import type { DatasetInfo } from '../dataset.js';
import type { Design } from '../design.js';
import { cgc } from './cgc.js';
import { crossStitch } from './crossStitch.js';
import { dselectK } from './dselectK.js';
import { hps } from './hps.js';
import { mmoe } from './mmoe.js';
import { mtan } from './mtan.js';
import { ple } from './ple.js';
import { singleTask } from './singleTask.js';
import { transformer } from './transformer.js';
import type { Template, TemplateOptions } from './types.js';

export type { Template, TemplateOptions };

export const TEMPLATES: Record<string, Template> = Object.assign(
  Object.create(null) as Record<string, Template>,
  Object.fromEntries([singleTask, hps, mmoe, cgc, ple, crossStitch, transformer, dselectK, mtan].map((t) => [t.name, t])),
);

export function listTemplates(): Template[] {
  return Object.values(TEMPLATES);
}

/** Builds template `name` for these datasets; throws an Error saying why when it cannot. */
export function buildTemplate(name: string, datasets: DatasetInfo[], options?: TemplateOptions): Design {
  const t = Object.prototype.hasOwnProperty.call(TEMPLATES, name) ? TEMPLATES[name] : undefined;
  if (!t) throw new Error(`Unknown template '${name}': choose one of ${Object.keys(TEMPLATES).join(', ')}`);
  return t.build(datasets, options);
}
