// One colour per run (compare) or per task (live view), stable by position.
export const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569', '#ea580c'];

export function colorAt(i: number): string {
  if (i < PALETTE.length) return PALETTE[i];
  const hue = (i * 137.508) % 360; // golden angle: well spread beyond the palette
  return `hsl(${hue.toFixed(0)} 65% 45%)`;
}
