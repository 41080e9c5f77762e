// The validator never throws, whatever it is given, and what it returns is well-formed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../shared/catalog/registry.js';
import { paramValue as paramValueOf } from './arbitraries.js';
import type { ParamSpec } from '../../shared/catalog/types.js';
import type { Design } from '../../shared/design.js';
import { buildTemplate, TEMPLATES } from '../../shared/templates/index.js';
import type { ValidationResult } from '../../shared/problems.js';
import { validateDesign } from '../../shared/validate.js';
import { fashion, mnist, multiImage, tabular, textSet, vectorOnly } from '../catalog/helpers.js';

const DATASETS = [multiImage, mnist, fashion, tabular, textSet, vectorOnly];
const KINDS = Object.keys(CATALOG);

function wellFormed(input: unknown, r: ValidationResult): void {
  expect(typeof r.ok).toBe('boolean');
  expect(Array.isArray(r.problems)).toBe(true);
  expect(r.ok).toBe(!r.problems.some((p) => p.severity === 'error'));
  const ids = new Set<string>();
  const edgeIds = new Set<string>();
  const d = input as Design;
  if (d && typeof d === 'object' && Array.isArray(d.nodes)) for (const n of d.nodes) if (n && typeof n.id === 'string') ids.add(n.id);
  if (d && typeof d === 'object' && Array.isArray(d.edges)) for (const e of d.edges) if (e && typeof e.id === 'string') edgeIds.add(e.id);
  for (const p of r.problems) {
    expect(typeof p.code).toBe('string');
    expect(p.message.length).toBeGreaterThan(0);
    if (p.nodeId !== undefined) expect(ids.has(p.nodeId), p.message).toBe(true);
    if (p.edgeId !== undefined) expect(edgeIds.has(p.edgeId), p.message).toBe(true);
    expect(p.code).not.toBe('internal');
  }
  for (const [id, f] of Object.entries(r.nodes)) {
    expect(ids.has(id)).toBe(true);
    expect(Number.isFinite(f.params)).toBe(true);
    expect(Number.isFinite(f.macs)).toBe(true);
    for (const s of Object.values(f.outputShapes)) expect(Array.isArray(s)).toBe(true);
  }
  for (const id of Object.keys(r.edgeShapes)) expect(edgeIds.has(id)).toBe(true);
  expect(Number.isFinite(r.totals.params)).toBe(true);
  expect(Number.isFinite(r.totals.macs)).toBe(true);
  JSON.stringify(r); // serialisable for IPC
}

const paramValue = (s: ParamSpec) => paramValueOf(s, DATASETS, fc.string());

const nodeArb = (id: string) =>
  fc
    .oneof({ weight: 12, arbitrary: fc.constantFrom(...KINDS) }, { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constant('Conv3D')) })
    .chain((kind) => {
      const k = CATALOG[kind];
      const params = k
        ? fc.record(Object.fromEntries(k.params.map((s) => [s.name, paramValue(s)])), { requiredKeys: [] })
        : fc.dictionary(fc.string(), fc.jsonValue());
      return params.map((p) => ({ id, kind, params: p, position: { x: 0, y: 0 } }));
    });

const PORTS = ['out', 'in', 'task0', 'task1', 'task2', 'in0', 'in1', 'in2', 'x'];

const designArb = fc.integer({ min: 0, max: 14 }).chain((n) => {
  const ids = Array.from({ length: n }, (_, i) => `n${i}`);
  const idArb = n > 0 ? fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.string() }) : fc.string();
  const edgeArb = fc.record({
    id: fc.oneof({ weight: 10, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.constant('dup') }),
    source: idArb,
    sourcePort: fc.constantFrom(...PORTS),
    target: idArb,
    targetPort: fc.constantFrom(...PORTS),
  });
  return fc.record({
    version: fc.constantFrom(1, 1, 1, 2),
    name: fc.string(),
    nodes: ids.length ? fc.tuple(...ids.map(nodeArb)) : fc.constant([]),
    edges: fc.array(edgeArb, { maxLength: n * 2 }),
  });
});

const datasetsArb = fc.subarray(DATASETS, { minLength: 0 });

describe('validateDesign never throws', () => {
  it('on any JSON value (3000 cases)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (v) => {
        wellFormed(v, validateDesign(v, DATASETS));
      }),
      { numRuns: 3000 },
    );
  });

  it('on JSON shaped like designs: random nodes, junk params, edges anywhere (3000 cases)', () => {
    fc.assert(
      fc.property(designArb, datasetsArb, (d, ds) => {
        wellFormed(d, validateDesign(d, ds));
      }),
      { numRuns: 3000 },
    );
  });

  it('on templates with random edits: nodes and edges removed, rewired, params changed (1500 cases)', () => {
    const bases: Design[] = [];
    for (const t of Object.keys(TEMPLATES)) for (const ds of [[multiImage], [tabular], [mnist, textSet]]) bases.push(buildTemplate(t, ds));
    const editArb = fc.record({
      base: fc.integer({ min: 0, max: bases.length - 1 }),
      dropNodes: fc.array(fc.nat(), { maxLength: 2 }),
      dropEdges: fc.array(fc.nat(), { maxLength: 3 }),
      rewire: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...PORTS)), { maxLength: 3 }),
      params: fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 12 }), fc.jsonValue()), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(editArb, datasetsArb, (e, ds) => {
        const d: Design = structuredClone(bases[e.base]);
        for (const i of e.dropNodes) d.nodes.splice(i % Math.max(1, d.nodes.length), 1);
        for (const i of e.dropEdges) d.edges.splice(i % Math.max(1, d.edges.length), 1);
        for (const [i, j, port] of e.rewire) {
          if (!d.edges.length || !d.nodes.length) break;
          const edge = d.edges[i % d.edges.length];
          edge.target = d.nodes[j % d.nodes.length].id;
          edge.targetPort = port;
        }
        for (const [i, key, value] of e.params) {
          if (!d.nodes.length) break;
          const n = d.nodes[i % d.nodes.length];
          const names = CATALOG[n.kind]?.params.map((p) => p.name) ?? [];
          n.params[names.length && key.length % 2 === 0 ? names[key.length % names.length] : key] = value;
        }
        wellFormed(d, validateDesign(d, ds));
      }),
      { numRuns: 1500 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(designArb, (d) => {
        expect(validateDesign(d, DATASETS)).toEqual(validateDesign(structuredClone(d), DATASETS));
      }),
      { numRuns: 300 },
    );
  });
});
