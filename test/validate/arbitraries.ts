// A fast-check value for a catalog param: mostly valid, sometimes at the edges or junk.
// Shared by the validator fuzz test (any junk string) and the i18n corpus (short junk strings).
import fc from 'fast-check';
import type { ParamSpec } from '../../shared/catalog/types.js';
import type { DatasetInfo } from '../../shared/dataset.js';

export function paramValue(s: ParamSpec, datasets: DatasetInfo[], junkString: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const junk = fc.oneof(fc.constant(undefined), fc.constant(null), junkString, fc.integer(), fc.double(), fc.boolean(), fc.array(fc.integer({ min: -3, max: 3 })));
  let good: fc.Arbitrary<unknown>;
  const lo = s.min ?? -5;
  const hi = Math.min(s.max ?? 100, 200);
  switch (s.type) {
    case 'int':
      good = fc.integer({ min: Math.max(lo, -10), max: Math.min(hi, 40) });
      break;
    case 'float':
      good = fc.double({ min: lo, max: hi, noNaN: true });
      break;
    case 'bool':
      good = fc.boolean();
      break;
    case 'enum':
      good = s.multiple ? fc.subarray([...(s.options ?? [])]) : fc.constantFrom(...(s.options ?? ['']));
      break;
    case 'ints':
      good = fc.array(fc.integer({ min: -1, max: 40 }), { maxLength: 4 });
      break;
    case 'dataset':
      good = fc.constantFrom('', ...datasets.map((d) => d.id));
      break;
    case 'feature':
      good = fc.constantFrom('', 'image', 'x', 'city', 'text');
      break;
    case 'task':
      good = fc.constantFrom('', 'left', 'right', 'digit', 'clicked', 'price', 'sentiment', 'y1');
      break;
    default:
      good = fc.string();
  }
  return fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: junk });
}
