// The layer catalog: every kind of design node, keyed by kind. Adding a kind = one file in layers/ + one line here + one test.
import { AvgPool2D } from './layers/avgPool2d.js';
import { Conv2D } from './layers/conv2d.js';
import { Dense } from './layers/dense.js';
import { Flatten } from './layers/flatten.js';
import { Input } from './layers/input.js';
import { MaxPool2D } from './layers/maxPool2d.js';
import { TaskHead } from './layers/taskHead.js';
import { GROUPS, type LayerGroup, type LayerKind } from './types.js';

const KINDS: LayerKind[] = [Input, Dense, Flatten, Conv2D, MaxPool2D, AvgPool2D, TaskHead];

export const CATALOG: Record<string, LayerKind> = Object.fromEntries(KINDS.map((k) => [k.kind, k]));

export function getKind(kind: string): LayerKind | undefined {
  return Object.prototype.hasOwnProperty.call(CATALOG, kind) ? CATALOG[kind] : undefined;
}

/** All kinds in palette order (by group, then as registered). */
export function listKinds(group?: LayerGroup): LayerKind[] {
  const all = Object.values(CATALOG);
  const sorted = GROUPS.flatMap((g) => all.filter((k) => k.group === g));
  return group ? sorted.filter((k) => k.group === group) : sorted;
}

/** Params of a new node of this kind: every default filled in. */
export function defaultParams(kind: string): Record<string, unknown> {
  const k = getKind(kind);
  return k ? k.withDefaults({}) : {};
}
