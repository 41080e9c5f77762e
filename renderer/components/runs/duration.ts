// A duration in words (seconds, minutes or hours), for time estimates.
type T = (key: string, args: Record<string, unknown>) => string;

export function durationText(t: T, s: number): string {
  return s < 90 ? t('sweeps.form.seconds', { n: Math.max(1, Math.round(s)) }) : s < 5400 ? t('sweeps.form.minutes', { n: Math.round(s / 60) }) : t('sweeps.form.hours', { n: (s / 3600).toFixed(1) });
}
