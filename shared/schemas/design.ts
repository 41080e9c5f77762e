// The design as it enters the Node side. Unknown keys are dropped (design files are hand-edited too),
// so nothing but the fields of shared/design.ts reaches the store.
import { z } from 'zod';
import type { Design } from '../design.js';
import { MAX_ID, MAX_NODES, finite, id, name, params, text, type Same } from './common.js';

export const designSchema = z.object({
  version: z.literal(1),
  name,
  notes: text.optional(),
  nodes: z
    .array(
      z.object({
        id,
        kind: z.string().min(1).max(MAX_ID),
        params,
        position: z.object({ x: finite, y: finite }),
        label: name.optional(),
      }),
    )
    .max(MAX_NODES),
  edges: z
    .array(z.object({ id, source: id, sourcePort: z.string().max(MAX_ID), target: id, targetPort: z.string().max(MAX_ID) }))
    .max(MAX_NODES * 4),
});

const _design: Same<z.output<typeof designSchema>, Design> = true;
void _design;
