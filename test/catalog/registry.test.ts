// The catalog as the palette and inspector see it: every kind complete, documented, and tested.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOG, defaultParams, getKind, listKinds } from '../../shared/catalog/registry.js';
import { GROUPS } from '../../shared/catalog/types.js';

const KINDS = [
  'Input', 'Dense', 'Conv2D', 'MaxPool2D', 'AvgPool2D', 'GlobalAveragePooling2D', 'Flatten', 'Reshape', 'Dropout',
  'BatchNormalization', 'LayerNormalization', 'Activation', 'Embedding', 'Concatenate', 'Add', 'Conv1D', 'LSTM', 'GRU',
  'GlobalAveragePooling1D', 'GlobalMaxPooling1D', 'TaskHead', 'MMoE', 'CGC', 'PLE', 'CrossStitch',
  'TokenPositionEmbedding', 'MultiHeadSelfAttention', 'TransformerEncoder', 'SequencePooling', 'DSelectK', 'MTAN',
];

describe('layer catalog', () => {
  it('has every kind the issues ask for', () => {
    expect(Object.keys(CATALOG).sort()).toEqual([...KINDS].sort());
  });

  it('lists kinds in palette group order', () => {
    const groups = listKinds().map((k) => GROUPS.indexOf(k.group));
    expect(groups.every((g, i) => g >= 0 && (i === 0 || g >= groups[i - 1]))).toBe(true);
    expect(listKinds('mtl-blocks').map((k) => k.kind)).toEqual(['MMoE', 'DSelectK', 'CGC', 'PLE', 'CrossStitch', 'MTAN']);
    expect(listKinds('recurrent').map((k) => k.kind)).toEqual(['LSTM', 'GRU']);
    expect(listKinds('attention').map((k) => k.kind)).toEqual(['TokenPositionEmbedding', 'MultiHeadSelfAttention', 'TransformerEncoder', 'SequencePooling']);
  });

  it('getKind is safe for any name', () => {
    expect(getKind('toString')).toBeUndefined();
    expect(getKind('__proto__')).toBeUndefined();
    expect(getKind('Dense')?.kind).toBe('Dense');
  });

  for (const k of Object.values(CATALOG)) {
    describe(k.kind, () => {
      it('is documented: label, description, and every param with label, description and a valid default', () => {
        expect(k.label.length).toBeGreaterThan(0);
        expect(k.description.length).toBeGreaterThan(20);
        for (const p of k.params) {
          expect(p.label, p.name).toBeTruthy();
          expect(p.description, p.name).toBeTruthy();
          if (p.type === 'enum') expect(p.options?.length, p.name).toBeGreaterThan(0);
        }
        expect(k.checkParams(defaultParams(k.kind))).toEqual([]);
      });

      it('has ports as the conventions say', () => {
        const ports = k.ports(defaultParams(k.kind));
        if (k.kind === 'Input') expect(ports).toEqual({ inputs: [], outputs: ['out'] });
        else if (k.kind === 'TaskHead') expect(ports.outputs).toEqual([]);
        else if (k.block) expect(ports.outputs).toEqual(['task0', 'task1']);
        else expect(ports).toEqual({ inputs: [{ name: 'in', multiple: !!k.merge }], outputs: ['out'] });
      });

      it('has a Keras equivalent (Input and TaskHead are written by the exporter)', () => {
        if (k.kind !== 'Input' && k.kind !== 'TaskHead') expect(k.keras).toBeTypeOf('function');
      });

      it('has its own test file', () => {
        const file = fileURLToPath(new URL(`./kinds/${k.kind}.test.ts`, import.meta.url));
        expect(existsSync(file), `test/catalog/kinds/${k.kind}.test.ts`).toBe(true);
      });

      it('checkParams never throws and names the param', () => {
        for (const p of k.params) {
          const bad = k.checkParams({ [p.name]: { nonsense: true } });
          expect(bad.length, p.name).toBeGreaterThan(0);
          expect(bad[0]).toContain(p.name);
        }
      });
    });
  }
});
