// The benchmark's result table: figure, median and spread, baseline, ratio, target.
import type { Figure, Summary } from './measure.js';

const num = (v: number, unit: string) => (unit === 's' ? v.toFixed(1) : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const spread = (s: Summary, unit: string) => (s.runs > 1 ? `${num(s.min, unit)}–${num(s.max, unit)}` : '');

export function formatTable(figures: Figure[]): string {
  const header = ['section', 'figure', 'median', 'spread', 'baseline', 'baseline median', 'ratio', 'target', ''];
  const rows = figures.map((f) => [
    f.section,
    f.name,
    f.value ? `${num(f.value.median, f.unit)} ${f.unit}` : 'skipped',
    f.value ? spread(f.value, f.unit) : '',
    f.baseline?.name ?? '',
    f.baseline ? `${num(f.baseline.value.median, f.unit)} ${f.unit} (${spread(f.baseline.value, f.unit)})` : '',
    f.ratio !== undefined ? `${f.ratio.toFixed(2)}×` : '',
    f.target ?? '',
    f.ok === undefined ? '' : f.ok ? 'ok' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const notes = figures.filter((f) => f.note).map((f) => `  ${f.name}: ${f.note}`);
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...(notes.length ? ['', 'notes:', ...notes] : [])].join(
    '\n',
  );
}
